import { generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeDerSignature, encodeDerSignature } from '../../../local/kms/crypto/der-signature.js';
import { digestOf, signMessage, verifyMessage } from '../../../local/kms/crypto/signing.js';

function ec(curve: string) {
  return generateKeyPairSync('ec', { namedCurve: curve });
}
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

const CASES: Array<[string, { privateKey: KeyObject; publicKey: KeyObject }, string[]]> = [
  ['P-256', ec('prime256v1'), ['ECDSA_SHA_256']],
  ['P-384', ec('secp384r1'), ['ECDSA_SHA_384']],
  ['P-521', ec('secp521r1'), ['ECDSA_SHA_512']],
  ['secp256k1', ec('secp256k1'), ['ECDSA_SHA_256']],
  [
    'RSA 2048',
    rsa,
    [
      'RSASSA_PSS_SHA_256',
      'RSASSA_PSS_SHA_384',
      'RSASSA_PSS_SHA_512',
      'RSASSA_PKCS1_V1_5_SHA_256',
      'RSASSA_PKCS1_V1_5_SHA_384',
      'RSASSA_PKCS1_V1_5_SHA_512',
    ],
  ],
];

const message = Buffer.from('the message to sign');

describe('signing over RAW messages and DIGESTs', () => {
  for (const [name, keys, algorithms] of CASES) {
    for (const algorithm of algorithms) {
      it(`${name} ${algorithm}: a DIGEST signature verifies against the RAW message, and back`, () => {
        const digest = digestOf(algorithm, message);
        const fromDigest = signMessage(keys.privateKey, algorithm, 'DIGEST', digest);
        const fromRaw = signMessage(keys.privateKey, algorithm, 'RAW', message);
        for (const signature of [fromDigest, fromRaw]) {
          expect(verifyMessage(keys, algorithm, 'RAW', message, signature)).toBe(true);
          expect(verifyMessage(keys, algorithm, 'DIGEST', digest, signature)).toBe(true);
        }
        const other = Buffer.from('another message');
        expect(verifyMessage(keys, algorithm, 'RAW', other, fromDigest)).toBe(false);
        expect(verifyMessage(keys, algorithm, 'DIGEST', digestOf(algorithm, other), fromRaw)).toBe(false);
        const tampered = Buffer.from(fromDigest);
        tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
        expect(verifyMessage(keys, algorithm, 'DIGEST', digest, tampered)).toBe(false);
        expect(verifyMessage(keys, algorithm, 'RAW', message, tampered)).toBe(false);
      });
    }
  }

  it('produces DER ECDSA signatures that node:crypto verifies independently', () => {
    const keys = ec('secp521r1');
    const digest = digestOf('ECDSA_SHA_512', message);
    const signature = signMessage(keys.privateKey, 'ECDSA_SHA_512', 'DIGEST', digest);
    expect(signature[0]).toBe(0x30);
    expect(verify('sha512', message, keys.publicKey, signature)).toBe(true);
  });

  it('produces PSS signatures with a digest-length salt that node:crypto verifies independently', () => {
    const digest = digestOf('RSASSA_PSS_SHA_384', message);
    const signature = signMessage(rsa.privateKey, 'RSASSA_PSS_SHA_384', 'DIGEST', digest);
    const options = { key: rsa.publicKey, padding: 6, saltLength: 48 };
    expect(verify('sha384', message, options, signature)).toBe(true);
    const pkcs1 = signMessage(
      rsa.privateKey,
      'RSASSA_PKCS1_V1_5_SHA_256',
      'DIGEST',
      digestOf('RSASSA_PKCS1_V1_5_SHA_256', message),
    );
    expect(pkcs1.equals(sign('sha256', message, rsa.privateKey))).toBe(true);
  });

  it('rejects garbage signatures without throwing', () => {
    const keys = ec('prime256v1');
    const digest = digestOf('ECDSA_SHA_256', message);
    for (const garbage of [
      Buffer.alloc(0),
      Buffer.from([0x30]),
      Buffer.alloc(80, 0xff),
      Buffer.from('3006020100020100', 'hex'),
    ]) {
      expect(verifyMessage(keys, 'ECDSA_SHA_256', 'DIGEST', digest, garbage)).toBe(false);
      expect(verifyMessage(keys, 'ECDSA_SHA_256', 'RAW', message, garbage)).toBe(false);
      expect(verifyMessage(rsa, 'RSASSA_PSS_SHA_256', 'DIGEST', digest, garbage)).toBe(false);
      expect(verifyMessage(rsa, 'RSASSA_PKCS1_V1_5_SHA_256', 'DIGEST', digest, garbage)).toBe(false);
    }
  });
});

describe('DER signature encoding', () => {
  it('round-trips integers with high bits and long lengths', () => {
    for (const [r, s] of [
      [1n, 2n],
      [2n ** 255n, 2n ** 256n - 1n],
      [2n ** 520n + 12345n, 2n ** 519n],
    ] as const) {
      expect(decodeDerSignature(encodeDerSignature(r, s))).toEqual({ r, s });
    }
  });

  it('refuses trailing bytes and negative integers', () => {
    const good = encodeDerSignature(5n, 7n);
    expect(decodeDerSignature(Buffer.concat([good, Buffer.from([0])]))).toBeUndefined();
    expect(decodeDerSignature(Buffer.from('3006020180020107', 'hex'))).toBeUndefined();
  });
});
