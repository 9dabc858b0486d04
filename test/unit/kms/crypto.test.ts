import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeMac, macMatches } from '../../../local/kms/crypto/hmac.js';
import { privateKeyOf, publicKeyOf, secretOf } from '../../../local/kms/crypto/key-cache.js';
import { newMaterial } from '../../../local/kms/crypto/material.js';
import { maxRsaPlaintext, rsaDecrypt, rsaEncrypt } from '../../../local/kms/crypto/rsa-encryption.js';
import { decryptSymmetric, encryptSymmetric, parseCiphertext } from '../../../local/kms/crypto/symmetric.js';

const random = (n: number) => Buffer.alloc(n, 1);

describe('RSA OAEP', () => {
  it('knows the plaintext limits of KMS-MRK-SPEC section 9', () => {
    expect(
      (['RSA_2048', 'RSA_3072', 'RSA_4096'] as const).flatMap((spec) => [
        maxRsaPlaintext(spec, 'RSAES_OAEP_SHA_1'),
        maxRsaPlaintext(spec, 'RSAES_OAEP_SHA_256'),
      ]),
    ).toEqual([214, 190, 342, 318, 470, 446]);
  });

  it('round-trips at the limit and refuses the wrong hash', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const plaintext = Buffer.alloc(190, 9);
    const blob = rsaEncrypt(publicKey, 'RSAES_OAEP_SHA_256', plaintext);
    expect(rsaDecrypt(privateKey, 'RSAES_OAEP_SHA_256', blob)?.equals(plaintext)).toBe(true);
    expect(rsaDecrypt(privateKey, 'RSAES_OAEP_SHA_1', blob)).toBeUndefined();
    expect(() => rsaEncrypt(publicKey, 'RSAES_OAEP_SHA_256', Buffer.alloc(191))).toThrow();
  });
});

describe('HMAC', () => {
  it('matches node:crypto and compares in constant time without throwing on length', () => {
    const secret = Buffer.from('k');
    const mac = computeMac(secret, 'HMAC_SHA_384', Buffer.from('m'));
    expect(mac.equals(createHmac('sha384', secret).update('m').digest())).toBe(true);
    expect(macMatches(secret, 'HMAC_SHA_384', Buffer.from('m'), mac)).toBe(true);
    expect(macMatches(secret, 'HMAC_SHA_384', Buffer.from('m'), mac.subarray(1))).toBe(false);
    expect(macMatches(secret, 'HMAC_SHA_384', Buffer.from('n'), mac)).toBe(false);
  });
});

describe('symmetric ciphertext', () => {
  it('binds the key id, material and context; refuses foreign blobs', () => {
    const material = newMaterial('SYMMETRIC_DEFAULT', 0, random);
    const blob = encryptSymmetric(
      'mrk-abc',
      { id: material.id, secret: secretOf(material) },
      Buffer.from('p'),
      { b: '2', a: '1' },
      Buffer.alloc(12),
    );
    const parsed = parseCiphertext(blob);
    expect(parsed).toMatchObject({ keyId: 'mrk-abc', materialId: material.id });
    if (!parsed) throw new Error('unparsed');
    expect(decryptSymmetric(secretOf(material), parsed, { a: '1', b: '2' })?.toString()).toBe('p');
    expect(decryptSymmetric(secretOf(material), parsed, { a: '1' })).toBeUndefined();
    expect(parseCiphertext(Buffer.from([9, 9, 9]))).toBeUndefined();
  });
});

describe('key cache', () => {
  it('decodes each material version once', () => {
    const material = newMaterial('ECC_NIST_P256', 0, random);
    expect(privateKeyOf(material)).toBe(privateKeyOf(material));
    expect(publicKeyOf(material).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const hmac = newMaterial('HMAC_224', 0, random);
    expect(secretOf(hmac)).toBe(secretOf(hmac));
    expect(secretOf(hmac)).toHaveLength(28);
    expect(() => privateKeyOf(hmac)).toThrow(/has no private key/);
  });
});

describe('random pool', () => {
  it('hands out fresh, independent bytes of the asked size, across refills', async () => {
    const { pooledRandomBytes } = await import('../../../local/kms/crypto/random-pool.js');
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const bytes = pooledRandomBytes(12);
      expect(bytes).toHaveLength(12);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(2000);
    const kept = pooledRandomBytes(32);
    const copy = Buffer.from(kept);
    for (let i = 0; i < 1000; i++) pooledRandomBytes(32);
    expect(kept.equals(copy)).toBe(true);
    expect(pooledRandomBytes(4096)).toHaveLength(4096);
  });
});
