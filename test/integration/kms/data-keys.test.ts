import { createPrivateKey, createPublicKey } from 'node:crypto';
import {
  CreateKeyCommand,
  DecryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, mrkWithReplica, rawKms, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
let keyId: string;
let hmacId: string;
const east = () => kms.client('us-east-1');
const west = () => kms.client('eu-west-1');

beforeAll(async () => {
  kms = await startKms();
  keyId = (await mrkWithReplica(kms)).keyId;
  hmacId = (await east().send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })))
    .KeyMetadata?.KeyId as string;
});
afterAll(() => kms.close());

describe('GenerateDataKey validation', () => {
  it('needs exactly one of KeySpec and NumberOfBytes', async () => {
    for (const extra of [{}, { KeySpec: 'AES_256', NumberOfBytes: 32 }]) {
      const answer = await rawKms(kms.endpoint, 'GenerateDataKey', { KeyId: keyId, ...extra });
      expect(answer.json).toEqual({
        __type: 'ValidationException',
        message: 'Please specify either number of bytes or key spec.',
      });
    }
  });

  it('checks NumberOfBytes bounds and the KeySpec enum with AWS wording', async () => {
    const big = await rawKms(kms.endpoint, 'GenerateDataKey', { KeyId: keyId, NumberOfBytes: 1025 });
    expect(big.json?.message).toBe(
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    );
    const spec = await rawKms(kms.endpoint, 'GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_512' });
    expect(spec.json?.message).toBe(
      "1 validation error detected: Value 'AES_512' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]",
    );
  });

  it('refuses keys that are not symmetric encryption keys', async () => {
    await expect(
      east().send(new GenerateDataKeyCommand({ KeyId: hmacId, KeySpec: 'AES_256' })),
    ).rejects.toMatchObject({
      name: 'InvalidKeyUsageException',
      message: expect.stringMatching(
        /key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey\.$/,
      ),
    });
  });
});

describe('GenerateDataKey behaviour', () => {
  it('returns a data key whose ciphertext decrypts in the replica Region to the same bytes', async () => {
    for (const [input, length] of [
      [{ KeySpec: 'AES_256' as const }, 32],
      [{ KeySpec: 'AES_128' as const }, 16],
      [{ NumberOfBytes: 7 }, 7],
    ] as const) {
      const out = await east().send(
        new GenerateDataKeyCommand({ KeyId: keyId, EncryptionContext: { k: 'v' }, ...input }),
      );
      expect(out.Plaintext?.length).toBe(length);
      expect(out.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
      const back = await west().send(
        new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { k: 'v' } }),
      );
      expect(Buffer.from(back.Plaintext as Uint8Array).equals(Buffer.from(out.Plaintext as Uint8Array))).toBe(
        true,
      );
    }
  });

  it('WithoutPlaintext returns only the ciphertext', async () => {
    const out = await west().send(
      new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, NumberOfBytes: 64 }),
    );
    expect(out).not.toHaveProperty('Plaintext');
    expect(out.KeyId).toContain(':eu-west-1:');
    const back = await east().send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }));
    expect(back.Plaintext?.length).toBe(64);
  });

  it('answers DryRun', async () => {
    await expect(
      east().send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', DryRun: true })),
    ).rejects.toMatchObject({ name: 'DryRunOperationException' });
  });
});

describe('GenerateDataKeyPair', () => {
  it('returns a real key pair whose private key decrypts in any member Region', async () => {
    const out = await east().send(
      new GenerateDataKeyPairCommand({ KeyId: keyId, KeyPairSpec: 'ECC_NIST_P384' }),
    );
    expect(out.KeyPairSpec).toBe('ECC_NIST_P384');
    const publicKey = createPublicKey({
      key: Buffer.from(out.PublicKey as Uint8Array),
      format: 'der',
      type: 'spki',
    });
    expect(publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    const back = await west().send(new DecryptCommand({ CiphertextBlob: out.PrivateKeyCiphertextBlob }));
    expect(
      Buffer.from(back.Plaintext as Uint8Array).equals(Buffer.from(out.PrivateKeyPlaintext as Uint8Array)),
    ).toBe(true);
    const privateKey = createPrivateKey({
      key: Buffer.from(back.Plaintext as Uint8Array),
      format: 'der',
      type: 'pkcs8',
    });
    expect(
      createPublicKey(privateKey)
        .export({ format: 'der', type: 'spki' })
        .equals(Buffer.from(out.PublicKey as Uint8Array)),
    ).toBe(true);
  });

  it('WithoutPlaintext omits the private key plaintext; RSA and Ed25519 pairs work too', async () => {
    const out = await east().send(
      new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: keyId, KeyPairSpec: 'RSA_2048' }),
    );
    expect(out).not.toHaveProperty('PrivateKeyPlaintext');
    expect(
      createPublicKey({ key: Buffer.from(out.PublicKey as Uint8Array), format: 'der', type: 'spki' })
        .asymmetricKeyDetails?.modulusLength,
    ).toBe(2048);
    const ed = await east().send(
      new GenerateDataKeyPairCommand({ KeyId: keyId, KeyPairSpec: 'ECC_NIST_EDWARDS25519' }),
    );
    expect(
      createPublicKey({ key: Buffer.from(ed.PublicKey as Uint8Array), format: 'der', type: 'spki' })
        .asymmetricKeyType,
    ).toBe('ed25519');
  });

  it('validates KeyPairSpec and refuses SM2 outside China', async () => {
    const missing = await rawKms(kms.endpoint, 'GenerateDataKeyPair', { KeyId: keyId });
    expect(missing.json?.message).toBe(
      "1 validation error detected: Value null at 'keyPairSpec' failed to satisfy constraint: Member must not be null",
    );
    await expect(
      east().send(new GenerateDataKeyPairCommand({ KeyId: keyId, KeyPairSpec: 'SM2' })),
    ).rejects.toMatchObject({
      name: 'UnsupportedOperationException',
    });
  });
});

describe('GenerateRandom', () => {
  it('returns the requested number of bytes', async () => {
    const out = await east().send(new GenerateRandomCommand({ NumberOfBytes: 1024 }));
    expect(out.Plaintext?.length).toBe(1024);
  });

  it('uses AWS’s recorded messages for missing, 0 and 1025', async () => {
    expect((await rawKms(kms.endpoint, 'GenerateRandom', {})).json).toEqual({
      __type: 'ValidationException',
      message: 'NumberOfBytes is required.',
    });
    expect((await rawKms(kms.endpoint, 'GenerateRandom', { NumberOfBytes: 0 })).json?.message).toBe(
      "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect((await rawKms(kms.endpoint, 'GenerateRandom', { NumberOfBytes: 1025 })).json?.message).toBe(
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    );
  });
});
