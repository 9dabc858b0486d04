import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import {
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  GetPublicKeyCommand,
  type KeySpec,
  type KeyUsageType,
  ReEncryptCommand,
  ReplicateKeyCommand,
  SignCommand,
  type SigningAlgorithmSpec,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, rawKms, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
const east = () => kms.client('us-east-1');
const west = () => kms.client('eu-west-1');

async function createReplicated(spec: KeySpec, usage: KeyUsageType): Promise<string> {
  const { KeyMetadata } = await east().send(
    new CreateKeyCommand({ MultiRegion: true, KeySpec: spec, KeyUsage: usage }),
  );
  await east().send(new ReplicateKeyCommand({ KeyId: KeyMetadata?.KeyId, ReplicaRegion: 'eu-west-1' }));
  return KeyMetadata?.KeyId as string;
}

const keys: Record<string, string> = {};
beforeAll(async () => {
  kms = await startKms();
  // RSA generation is slow: one key per size, reused for everything below.
  keys.rsa2048 = await createReplicated('RSA_2048', 'ENCRYPT_DECRYPT');
  keys.rsa3072 = (
    await east().send(new CreateKeyCommand({ KeySpec: 'RSA_3072', KeyUsage: 'ENCRYPT_DECRYPT' }))
  ).KeyMetadata?.KeyId as string;
  keys.rsa4096 = (
    await east().send(new CreateKeyCommand({ KeySpec: 'RSA_4096', KeyUsage: 'ENCRYPT_DECRYPT' }))
  ).KeyMetadata?.KeyId as string;
  keys.rsaSign = await createReplicated('RSA_2048', 'SIGN_VERIFY');
  for (const spec of ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1'] as const) {
    keys[spec] = await createReplicated(spec, 'SIGN_VERIFY');
  }
  keys.symmetric = (await east().send(new CreateKeyCommand({}))).KeyMetadata?.KeyId as string;
}, 60_000);
afterAll(() => kms.close());

describe('RSA Encrypt / Decrypt', () => {
  const limits: Array<[string, string, number]> = [
    ['rsa2048', 'RSA_2048', 214],
    ['rsa2048', 'RSA_2048', 190],
    ['rsa3072', 'RSA_3072', 342],
    ['rsa3072', 'RSA_3072', 318],
    ['rsa4096', 'RSA_4096', 470],
    ['rsa4096', 'RSA_4096', 446],
  ];
  it.each(
    limits.map(
      ([key, spec, limit], i) =>
        [key, spec, limit, i % 2 === 0 ? 'RSAES_OAEP_SHA_1' : 'RSAES_OAEP_SHA_256'] as const,
    ),
  )(
    '%s: encrypts %s up to %i bytes with %s, refuses one more with the exact message',
    async (key, spec, limit, algorithm) => {
      const ok = await east().send(
        new EncryptCommand({
          KeyId: keys[key],
          Plaintext: Buffer.alloc(limit, 7),
          EncryptionAlgorithm: algorithm,
        }),
      );
      expect(ok.EncryptionAlgorithm).toBe(algorithm);
      const back = await east().send(
        new DecryptCommand({
          CiphertextBlob: ok.CiphertextBlob,
          KeyId: keys[key],
          EncryptionAlgorithm: algorithm,
        }),
      );
      expect(Buffer.from(back.Plaintext as Uint8Array).equals(Buffer.alloc(limit, 7))).toBe(true);
      expect(back.KeyMaterialId).toBeUndefined();
      await expect(
        east().send(
          new EncryptCommand({
            KeyId: keys[key],
            Plaintext: Buffer.alloc(limit + 1),
            EncryptionAlgorithm: algorithm,
          }),
        ),
      ).rejects.toMatchObject({
        name: 'ValidationException',
        message: `Algorithm ${algorithm} and key spec ${spec} cannot encrypt data larger than ${limit} bytes.`,
      });
    },
  );

  it('decrypts in the replica Region, answering with the replica ARN', async () => {
    const out = await east().send(
      new EncryptCommand({
        KeyId: keys.rsa2048,
        Plaintext: Buffer.from('rsa'),
        EncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
      }),
    );
    const back = await west().send(
      new DecryptCommand({
        CiphertextBlob: out.CiphertextBlob,
        KeyId: keys.rsa2048,
        EncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
      }),
    );
    expect(Buffer.from(back.Plaintext as Uint8Array).toString()).toBe('rsa');
    expect(back.KeyId).toContain(':eu-west-1:');
  });

  it('needs the right algorithm and key', async () => {
    const out = await east().send(
      new EncryptCommand({
        KeyId: keys.rsa2048,
        Plaintext: Buffer.from('x'),
        EncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
      }),
    );
    await expect(
      east().send(
        new DecryptCommand({
          CiphertextBlob: out.CiphertextBlob,
          KeyId: keys.rsa2048,
          EncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidCiphertextException' });
    await expect(
      east().send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob })),
    ).rejects.toMatchObject({
      name: 'InvalidCiphertextException',
    });
    await expect(
      east().send(new EncryptCommand({ KeyId: keys.rsa2048, Plaintext: Buffer.from('x') })),
    ).rejects.toMatchObject({
      name: 'InvalidKeyUsageException',
      message: 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.',
    });
    await expect(
      east().send(
        new EncryptCommand({
          KeyId: keys.rsaSign,
          Plaintext: Buffer.from('x'),
          EncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidKeyUsageException',
      message: expect.stringMatching(/key usage is SIGN_VERIFY which is not valid for Encrypt\.$/),
    });
  });

  it('re-encrypts from RSA to symmetric', async () => {
    const out = await east().send(
      new EncryptCommand({
        KeyId: keys.rsa2048,
        Plaintext: Buffer.from('re'),
        EncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
      }),
    );
    const moved = await east().send(
      new ReEncryptCommand({
        CiphertextBlob: out.CiphertextBlob,
        SourceKeyId: keys.rsa2048,
        SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
        DestinationKeyId: keys.symmetric,
      }),
    );
    expect(moved.SourceEncryptionAlgorithm).toBe('RSAES_OAEP_SHA_1');
    const back = await east().send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob }));
    expect(Buffer.from(back.Plaintext as Uint8Array).toString()).toBe('re');
  });
});

const SIGNING: Array<[string, SigningAlgorithmSpec, string]> = [
  ['ECC_NIST_P256', 'ECDSA_SHA_256', 'sha256'],
  ['ECC_NIST_P384', 'ECDSA_SHA_384', 'sha384'],
  ['ECC_NIST_P521', 'ECDSA_SHA_512', 'sha512'],
  ['ECC_SECG_P256K1', 'ECDSA_SHA_256', 'sha256'],
  ['rsaSign', 'RSASSA_PSS_SHA_256', 'sha256'],
  ['rsaSign', 'RSASSA_PSS_SHA_512', 'sha512'],
  ['rsaSign', 'RSASSA_PKCS1_V1_5_SHA_384', 'sha384'],
];

describe('Sign / Verify', () => {
  it.each(SIGNING)(
    '%s %s: a DIGEST signature verifies against the RAW message in the other Region',
    async (key, algorithm, hash) => {
      const message = Buffer.from(`message for ${algorithm}`);
      const digest = createHash(hash).update(message).digest();
      const signed = await east().send(
        new SignCommand({
          KeyId: keys[key],
          Message: digest,
          MessageType: 'DIGEST',
          SigningAlgorithm: algorithm,
        }),
      );
      expect(signed.SigningAlgorithm).toBe(algorithm);
      const verified = await west().send(
        new VerifyCommand({
          KeyId: keys[key],
          Message: message,
          MessageType: 'RAW',
          Signature: signed.Signature,
          SigningAlgorithm: algorithm,
        }),
      );
      expect(verified.SignatureValid).toBe(true);
      expect(verified.KeyId).toContain(':eu-west-1:');
      const raw = await west().send(
        new SignCommand({ KeyId: keys[key], Message: message, SigningAlgorithm: algorithm }),
      );
      const asDigest = await east().send(
        new VerifyCommand({
          KeyId: keys[key],
          Message: digest,
          MessageType: 'DIGEST',
          Signature: raw.Signature,
          SigningAlgorithm: algorithm,
        }),
      );
      expect(asDigest.SignatureValid).toBe(true);
      // The public key from GetPublicKey verifies it outside KMS (ECDSA signatures are DER).
      const { PublicKey } = await east().send(new GetPublicKeyCommand({ KeyId: keys[key] }));
      const publicKey = createPublicKey({
        key: Buffer.from(PublicKey as Uint8Array),
        format: 'der',
        type: 'spki',
      });
      const options = algorithm.startsWith('RSASSA_PSS')
        ? { key: publicKey, padding: 6, saltLength: createHash(hash).digest().length }
        : publicKey;
      expect(nodeVerify(hash, message, options, Buffer.from(signed.Signature as Uint8Array))).toBe(true);
    },
  );

  it('answers KMSInvalidSignatureException with no message for a wrong signature', async () => {
    const signed = await east().send(
      new SignCommand({
        KeyId: keys.ECC_NIST_P256,
        Message: Buffer.from('a'),
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    const answer = await rawKms(kms.endpoint, 'Verify', {
      KeyId: keys.ECC_NIST_P256,
      Message: Buffer.from('b').toString('base64'),
      Signature: Buffer.from(signed.Signature as Uint8Array).toString('base64'),
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ __type: 'KMSInvalidSignatureException' });
  });

  it('checks the algorithm, the digest length and the key usage', async () => {
    await expect(
      east().send(
        new SignCommand({
          KeyId: keys.ECC_NIST_P256,
          Message: Buffer.from('a'),
          SigningAlgorithm: 'ECDSA_SHA_384',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidKeyUsageException',
      message: 'Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.',
    });
    await expect(
      east().send(
        new SignCommand({
          KeyId: keys.rsaSign,
          Message: Buffer.alloc(31),
          MessageType: 'DIGEST',
          SigningAlgorithm: 'RSASSA_PSS_SHA_256',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Digest is invalid length for algorithm RSASSA_PSS_SHA_256.',
    });
    await expect(
      east().send(
        new SignCommand({
          KeyId: keys.symmetric,
          Message: Buffer.from('a'),
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidKeyUsageException',
      message: expect.stringMatching(/key usage is ENCRYPT_DECRYPT which is not valid for Sign\.$/),
    });
    const missing = await rawKms(kms.endpoint, 'Sign', { KeyId: keys.rsaSign, Message: 'YQ==' });
    expect(missing.json?.message).toBe(
      "1 validation error detected: Value null at 'signingAlgorithm' failed to satisfy constraint: Member must not be null",
    );
    await expect(
      east().send(
        new SignCommand({
          KeyId: keys.rsaSign,
          Message: Buffer.from('a'),
          SigningAlgorithm: 'RSASSA_PSS_SHA_256',
          DryRun: true,
        }),
      ),
    ).rejects.toMatchObject({ name: 'DryRunOperationException' });
  });
});

describe('GetPublicKey', () => {
  it('returns the same DER public key in every Region, with the key’s algorithms', async () => {
    const a = await east().send(new GetPublicKeyCommand({ KeyId: keys.rsa2048 }));
    const b = await west().send(new GetPublicKeyCommand({ KeyId: keys.rsa2048 }));
    expect(Buffer.from(a.PublicKey as Uint8Array).equals(Buffer.from(b.PublicKey as Uint8Array))).toBe(true);
    expect(a).toMatchObject({
      KeySpec: 'RSA_2048',
      CustomerMasterKeySpec: 'RSA_2048',
      KeyUsage: 'ENCRYPT_DECRYPT',
      EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
    });
    expect(a.SigningAlgorithms).toBeUndefined();
    expect(b.KeyId).toContain(':eu-west-1:');
    const ecc = await west().send(new GetPublicKeyCommand({ KeyId: keys.ECC_SECG_P256K1 }));
    expect(ecc.SigningAlgorithms).toEqual(['ECDSA_SHA_256']);
    expect(
      createPublicKey({ key: Buffer.from(ecc.PublicKey as Uint8Array), format: 'der', type: 'spki' })
        .asymmetricKeyDetails?.namedCurve,
    ).toBe('secp256k1');
  });

  it('refuses a symmetric key', async () => {
    await expect(east().send(new GetPublicKeyCommand({ KeyId: keys.symmetric }))).rejects.toMatchObject({
      name: 'UnsupportedOperationException',
    });
  });
});
