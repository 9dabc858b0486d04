import { constants, createCipheriv, publicEncrypt, randomBytes } from 'node:crypto';
import {
  CreateKeyCommand,
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  type ImportKeyMaterialCommandInput,
  type KMSClient,
  ReplicateKeyCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, DAY_SECONDS, type KmsFixture, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
beforeAll(async () => {
  kms = await startKms();
});
afterAll(() => kms.close());

/** The documented default ExpirationModel is KEY_MATERIAL_EXPIRES (ValidTo required), so say it. */
const NO_EXPIRY = { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } as const;
const east = () => kms.client('us-east-1');
const west = () => kms.client('eu-west-1');
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes as Uint8Array).toString();

type Algorithm =
  | 'RSAES_OAEP_SHA_1'
  | 'RSAES_OAEP_SHA_256'
  | 'RSA_AES_KEY_WRAP_SHA_1'
  | 'RSA_AES_KEY_WRAP_SHA_256';

/** What an importer does: fetch parameters, wrap the material the way the algorithm says. */
async function wrapFor(
  client: KMSClient,
  keyId: string,
  material: Buffer,
  algorithm: Algorithm = 'RSAES_OAEP_SHA_256',
) {
  const params = await client.send(
    new GetParametersForImportCommand({
      KeyId: keyId,
      WrappingAlgorithm: algorithm,
      WrappingKeySpec: 'RSA_2048',
    }),
  );
  const key = {
    key: Buffer.from(params.PublicKey as Uint8Array),
    format: 'der' as const,
    type: 'spki' as const,
  };
  const oaepHash = algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256';
  const rsa = (data: Buffer) =>
    publicEncrypt({ ...key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, data);
  let wrapped: Buffer;
  if (algorithm.startsWith('RSAES')) wrapped = rsa(material);
  else {
    const aesKey = randomBytes(32);
    const cipher = createCipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('a65959a6', 'hex'));
    wrapped = Buffer.concat([rsa(aesKey), cipher.update(material), cipher.final()]);
  }
  return { params, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped };
}

async function importInto(
  client: KMSClient,
  keyId: string,
  material: Buffer,
  extra: Partial<ImportKeyMaterialCommandInput> = {},
) {
  const { ImportToken, EncryptedKeyMaterial } = await wrapFor(client, keyId, material);
  return client.send(
    new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken, EncryptedKeyMaterial, ...NO_EXPIRY, ...extra }),
  );
}

const state = async (client: KMSClient, keyId: string) =>
  (await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;

describe('imported key material', () => {
  it('imports with every wrapping algorithm; parameters are valid 24 hours', async () => {
    for (const algorithm of [
      'RSAES_OAEP_SHA_1',
      'RSAES_OAEP_SHA_256',
      'RSA_AES_KEY_WRAP_SHA_1',
      'RSA_AES_KEY_WRAP_SHA_256',
    ] as const) {
      const { KeyMetadata } = await east().send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
      const keyId = KeyMetadata?.KeyId as string;
      expect(KeyMetadata).toMatchObject({ KeyState: 'PendingImport', Enabled: false });
      expect(KeyMetadata?.CurrentKeyMaterialId).toBeUndefined();
      const material = randomBytes(32);
      const { params, ImportToken, EncryptedKeyMaterial } = await wrapFor(east(), keyId, material, algorithm);
      expect(params.KeyId).toBe(KeyMetadata?.Arn);
      const validFor = (params.ParametersValidTo?.getTime() ?? 0) - Date.now();
      expect(validFor).toBeGreaterThan(23.9 * 3600_000);
      expect(validFor).toBeLessThanOrEqual(24 * 3600_000 + 1000);
      const imported = await east().send(
        new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken, EncryptedKeyMaterial, ...NO_EXPIRY }),
      );
      expect(imported.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
      expect(await state(east(), keyId)).toMatchObject({
        KeyState: 'Enabled',
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
        CurrentKeyMaterialId: imported.KeyMaterialId,
      });
      const encrypted = await east().send(
        new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(algorithm) }),
      );
      expect(
        text((await east().send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob }))).Plaintext),
      ).toBe(algorithm);
    }
  });

  it('a replica of an EXTERNAL key waits in PendingImport and accepts only the same material', async () => {
    const { KeyMetadata } = await east().send(
      new CreateKeyCommand({ Origin: 'EXTERNAL', MultiRegion: true }),
    );
    const keyId = KeyMetadata?.KeyId as string;
    const material = randomBytes(32);
    const primary = await importInto(east(), keyId, material);
    const replicated = await east().send(
      new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' }),
    );
    expect(replicated.ReplicaKeyMetadata?.KeyState).toBe('Creating');
    expect((await state(west(), keyId))?.KeyState).toBe('PendingImport');

    await expect(importInto(west(), keyId, randomBytes(32))).rejects.toMatchObject({
      name: 'IncorrectKeyMaterialException',
    });
    expect((await state(west(), keyId))?.KeyState).toBe('PendingImport');
    const replica = await importInto(west(), keyId, material);
    expect(replica.KeyMaterialId).toBe(primary.KeyMaterialId);
    expect(await state(west(), keyId)).toMatchObject({
      KeyState: 'Enabled',
      CurrentKeyMaterialId: primary.KeyMaterialId,
    });

    const encrypted = await east().send(
      new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('shared') }),
    );
    expect(
      text((await west().send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob }))).Plaintext),
    ).toBe('shared');

    // Deleting one member's material leaves the other working.
    await west().send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId }));
    expect(await state(west(), keyId)).toMatchObject({ KeyState: 'PendingImport' });
    expect((await state(west(), keyId))?.ExpirationModel).toBeUndefined();
    await expect(
      west().send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob })),
    ).rejects.toMatchObject({
      name: 'KMSInvalidStateException',
    });
    expect(
      text((await east().send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob }))).Plaintext),
    ).toBe('shared');
  });

  it('keeps the set material identity after every member deleted its material', async () => {
    const { KeyMetadata } = await east().send(
      new CreateKeyCommand({ Origin: 'EXTERNAL', MultiRegion: true }),
    );
    const keyId = KeyMetadata?.KeyId as string;
    // A PendingImport primary cannot be replicated (key-state table, footnote 5).
    await expect(
      east().send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' })),
    ).rejects.toMatchObject({
      name: 'KMSInvalidStateException',
      message: `${KeyMetadata?.Arn} is pending import.`,
    });
    const material = randomBytes(32);
    await importInto(east(), keyId, material);
    await east().send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' }));
    await east().send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId }));
    await expect(importInto(west(), keyId, randomBytes(32))).rejects.toMatchObject({
      name: 'IncorrectKeyMaterialException',
    });
    await expect(importInto(east(), keyId, randomBytes(32))).rejects.toMatchObject({
      name: 'IncorrectKeyMaterialException',
    });
    await importInto(west(), keyId, material);
    await importInto(east(), keyId, material);
    expect((await state(east(), keyId))?.KeyState).toBe('Enabled');
    expect((await state(west(), keyId))?.CurrentKeyMaterialId).toBe(
      (await state(east(), keyId))?.CurrentKeyMaterialId,
    );
  });

  it('expires material on the virtual clock (back to PendingImport) and re-imports the same material', async () => {
    const { KeyMetadata } = await east().send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
    const keyId = KeyMetadata?.KeyId as string;
    const material = randomBytes(32);
    const validTo = new Date(Date.now() + DAY_SECONDS * 1000);
    await importInto(east(), keyId, material, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo });
    const before = await state(east(), keyId);
    expect(before).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_EXPIRES' });
    expect(Math.abs((before?.ValidTo?.getTime() ?? 0) - validTo.getTime())).toBeLessThan(1000);

    await advanceClock(kms, DAY_SECONDS + 60);
    const expired = await state(east(), keyId);
    expect(expired?.KeyState).toBe('PendingImport');
    expect(expired?.ValidTo).toBeUndefined();
    await importInto(east(), keyId, material);
    expect((await state(east(), keyId))?.KeyState).toBe('Enabled');
  });

  describe('errors', () => {
    it('refuses AWS_KMS keys, foreign and expired tokens, bad ValidTo, undecryptable material', async () => {
      const { KeyMetadata: native } = await east().send(new CreateKeyCommand({}));
      await expect(
        east().send(
          new GetParametersForImportCommand({
            KeyId: native?.KeyId,
            WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
            WrappingKeySpec: 'RSA_2048',
          }),
        ),
      ).rejects.toMatchObject({
        name: 'UnsupportedOperationException',
        message: `${native?.Arn} origin is AWS_KMS which is not valid for this operation.`,
      });

      const { KeyMetadata: a } = await east().send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
      const { KeyMetadata: b } = await east().send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
      const forA = await wrapFor(east(), a?.KeyId as string, randomBytes(32));
      await expect(
        east().send(
          new ImportKeyMaterialCommand({
            KeyId: b?.KeyId,
            ImportToken: forA.ImportToken,
            EncryptedKeyMaterial: forA.EncryptedKeyMaterial,
            ...NO_EXPIRY,
          }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidImportTokenException' });
      await expect(
        east().send(
          new ImportKeyMaterialCommand({
            KeyId: a?.KeyId,
            ImportToken: forA.ImportToken,
            EncryptedKeyMaterial: forA.EncryptedKeyMaterial,
            ExpirationModel: 'KEY_MATERIAL_EXPIRES',
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(
        east().send(
          new ImportKeyMaterialCommand({
            KeyId: a?.KeyId,
            ImportToken: forA.ImportToken,
            EncryptedKeyMaterial: randomBytes(256),
            ...NO_EXPIRY,
          }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidCiphertextException' });

      await advanceClock(kms, DAY_SECONDS + 60);
      await expect(
        east().send(
          new ImportKeyMaterialCommand({
            KeyId: a?.KeyId,
            ImportToken: forA.ImportToken,
            EncryptedKeyMaterial: forA.EncryptedKeyMaterial,
            ...NO_EXPIRY,
          }),
        ),
      ).rejects.toMatchObject({ name: 'ExpiredImportTokenException' });
      expect((await state(east(), a?.KeyId as string))?.KeyState).toBe('PendingImport');
    });
  });
});
