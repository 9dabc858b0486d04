import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  ReEncryptCommand,
  ReplicateKeyCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, rawKms, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
let primaryId: string;
let primaryArn: string;
let replicaArn: string;
let otherId: string;
const east = () => kms.client('us-east-1');
const west = () => kms.client('eu-west-1');
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString();

beforeAll(async () => {
  kms = await startKms();
  const { KeyMetadata } = await east().send(new CreateKeyCommand({ MultiRegion: true }));
  primaryId = KeyMetadata?.KeyId as string;
  primaryArn = KeyMetadata?.Arn as string;
  const replica = await east().send(
    new ReplicateKeyCommand({ KeyId: primaryId, ReplicaRegion: 'eu-west-1' }),
  );
  replicaArn = replica.ReplicaKeyMetadata?.Arn as string;
  otherId = (await east().send(new CreateKeyCommand({}))).KeyMetadata?.KeyId as string;
});
afterAll(() => kms.close());

async function encrypt(plaintext = 'secret', context?: Record<string, string>) {
  const out = await east().send(
    new EncryptCommand({ KeyId: primaryId, Plaintext: Buffer.from(plaintext), EncryptionContext: context }),
  );
  return out.CiphertextBlob as Uint8Array;
}

describe('Encrypt / Decrypt validation', () => {
  it('refuses a plaintext over 4096 bytes with AWS wording, hiding the value', async () => {
    await expect(
      east().send(new EncryptCommand({ KeyId: primaryId, Plaintext: Buffer.alloc(4097) })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    });
  });

  it('names missing members and bad enums', async () => {
    const missing = await rawKms(kms.endpoint, 'Encrypt', { KeyId: primaryId });
    expect(missing.json).toEqual({
      __type: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'plaintext' failed to satisfy constraint: Member must not be null",
    });
    const badEnum = await rawKms(kms.endpoint, 'Encrypt', {
      KeyId: primaryId,
      Plaintext: 'eA==',
      EncryptionAlgorithm: 'AES',
    });
    expect(badEnum.json?.message).toBe(
      "1 validation error detected: Value 'AES' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]",
    );
  });

  it('answers Invalid keyId, unknown keys and foreign-Region ARNs as AWS does', async () => {
    await expect(
      east().send(new EncryptCommand({ KeyId: 'fake-key-id', Plaintext: Buffer.from('x') })),
    ).rejects.toMatchObject({ name: 'NotFoundException', message: "Invalid keyId 'fake-key-id'" });
    const absent = `mrk-${'0'.repeat(32)}`;
    await expect(
      east().send(new EncryptCommand({ KeyId: absent, Plaintext: Buffer.from('x') })),
    ).rejects.toMatchObject({
      name: 'NotFoundException',
      message: `Key 'arn:aws:kms:us-east-1:111122223333:key/${absent}' does not exist`,
    });
    await expect(
      east().send(new EncryptCommand({ KeyId: replicaArn, Plaintext: Buffer.from('x') })),
    ).rejects.toMatchObject({ name: 'NotFoundException', message: 'Invalid arn eu-west-1' });
  });

  it('refuses a symmetric key with an RSA algorithm', async () => {
    await expect(
      east().send(
        new EncryptCommand({
          KeyId: primaryId,
          Plaintext: Buffer.from('x'),
          EncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidKeyUsageException',
      message: 'Algorithm RSAES_OAEP_SHA_1 is incompatible with key spec SYMMETRIC_DEFAULT.',
    });
  });
});

describe('Encrypt / Decrypt behaviour', () => {
  it('returns the key ARN, and any member decrypts a sibling ciphertext answering with its own ARN', async () => {
    const out = await east().send(
      new EncryptCommand({
        KeyId: primaryArn,
        Plaintext: Buffer.from('hi'),
        EncryptionContext: { a: '1', b: '2' },
      }),
    );
    expect(out.KeyId).toBe(primaryArn);
    expect(out.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    const back = await west().send(
      new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { b: '2', a: '1' } }),
    );
    expect(text(back.Plaintext)).toBe('hi');
    expect(back.KeyId).toBe(replicaArn);
    expect(back.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    const fromReplica = await west().send(
      new EncryptCommand({ KeyId: primaryId, Plaintext: Buffer.from('yo') }),
    );
    const onPrimary = await east().send(new DecryptCommand({ CiphertextBlob: fromReplica.CiphertextBlob }));
    expect(text(onPrimary.Plaintext)).toBe('yo');
    expect(onPrimary.KeyId).toBe(primaryArn);
  });

  it('treats the encryption context as AAD: missing, extra or changed context fails with no message', async () => {
    const blob = await encrypt('ctx', { purpose: 'test' });
    for (const context of [undefined, { purpose: 'TEST' }, { purpose: 'test', extra: 'x' }]) {
      const answer = await rawKms(
        kms.endpoint,
        'Decrypt',
        {
          CiphertextBlob: Buffer.from(blob).toString('base64'),
          ...(context && { EncryptionContext: context }),
        },
        { region: 'eu-west-1' },
      );
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ __type: 'InvalidCiphertextException' });
    }
  });

  it('detects tampering and truncation', async () => {
    const blob = Buffer.from(await encrypt('tamper'));
    const flipped = Buffer.from(blob);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
    for (const bad of [flipped, blob.subarray(0, 20), Buffer.from('not a ciphertext')]) {
      await expect(east().send(new DecryptCommand({ CiphertextBlob: bad }))).rejects.toMatchObject({
        name: 'InvalidCiphertextException',
      });
    }
  });

  it('answers IncorrectKeyException when KeyId names another key, and accepts an alias of the right one', async () => {
    const blob = await encrypt('which key');
    await expect(
      east().send(new DecryptCommand({ CiphertextBlob: blob, KeyId: otherId })),
    ).rejects.toMatchObject({
      name: 'IncorrectKeyException',
      message: 'The key ID in the request does not identify a CMK that can perform this operation.',
    });
    await east().send(new CreateAliasCommand({ AliasName: 'alias/sym', TargetKeyId: primaryId }));
    const ok = await east().send(new DecryptCommand({ CiphertextBlob: blob, KeyId: 'alias/sym' }));
    expect(text(ok.Plaintext)).toBe('which key');
  });

  it('refuses a disabled member but not its enabled sibling', async () => {
    const blob = await encrypt('disabled');
    await west().send(new DisableKeyCommand({ KeyId: primaryId }));
    await expect(west().send(new DecryptCommand({ CiphertextBlob: blob }))).rejects.toMatchObject({
      name: 'DisabledException',
      message: `${replicaArn} is disabled.`,
    });
    expect(text((await east().send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext)).toBe(
      'disabled',
    );
    await west().send(new EnableKeyCommand({ KeyId: primaryId }));
  });

  it('answers DryRun after the checks pass, and not before', async () => {
    const dry = {
      name: 'DryRunOperationException',
      message: 'The request would have succeeded, but the DryRun option is set.',
    };
    await expect(
      east().send(new EncryptCommand({ KeyId: primaryId, Plaintext: Buffer.from('x'), DryRun: true })),
    ).rejects.toMatchObject(dry);
    const blob = await encrypt('dry');
    await expect(
      east().send(new DecryptCommand({ CiphertextBlob: blob, DryRun: true })),
    ).rejects.toMatchObject(dry);
    await expect(
      east().send(new DecryptCommand({ CiphertextBlob: Buffer.from('garbage'), DryRun: true })),
    ).rejects.toMatchObject({ name: 'InvalidCiphertextException' });
    await expect(
      east().send(
        new DecryptCommand({
          CiphertextBlob: Buffer.from('garbage'),
          KeyId: primaryId,
          DryRun: true,
          DryRunModifiers: ['IGNORE_CIPHERTEXT'],
        }),
      ),
    ).rejects.toMatchObject(dry);
  });

  it('cannot decrypt in a Region with no member of the set', async () => {
    const blob = await encrypt('nowhere');
    await expect(
      kms.client('ap-south-1').send(new DecryptCommand({ CiphertextBlob: blob })),
    ).rejects.toMatchObject({
      name: 'InvalidCiphertextException',
    });
  });
});

describe('ReEncrypt', () => {
  it('moves a ciphertext to another key and context, reporting both keys and material ids', async () => {
    const blob = await encrypt('move me', { from: 'a' });
    const out = await west().send(
      new ReEncryptCommand({
        CiphertextBlob: blob,
        SourceEncryptionContext: { from: 'a' },
        DestinationKeyId: primaryId,
        DestinationEncryptionContext: { to: 'b' },
      }),
    );
    expect(out.SourceKeyId).toBe(replicaArn);
    expect(out.KeyId).toBe(replicaArn);
    expect(out.SourceEncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(out.DestinationEncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(out.SourceKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    expect(out.DestinationKeyMaterialId).toBe(out.SourceKeyMaterialId);
    const back = await east().send(
      new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { to: 'b' } }),
    );
    expect(text(back.Plaintext)).toBe('move me');
    const toOther = await east().send(
      new ReEncryptCommand({
        CiphertextBlob: out.CiphertextBlob,
        SourceEncryptionContext: { to: 'b' },
        DestinationKeyId: otherId,
      }),
    );
    expect(toOther.KeyId).toContain(otherId);
  });

  it('validates the source like Decrypt', async () => {
    const blob = await encrypt('wrong source');
    await expect(
      east().send(
        new ReEncryptCommand({ CiphertextBlob: blob, SourceKeyId: otherId, DestinationKeyId: otherId }),
      ),
    ).rejects.toMatchObject({ name: 'IncorrectKeyException' });
    await expect(
      east().send(
        new ReEncryptCommand({
          CiphertextBlob: blob,
          SourceEncryptionContext: { x: 'y' },
          DestinationKeyId: otherId,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidCiphertextException' });
    const missing = await rawKms(kms.endpoint, 'ReEncrypt', {
      CiphertextBlob: Buffer.from(blob).toString('base64'),
    });
    expect(missing.json?.message).toBe(
      "1 validation error detected: Value null at 'destinationKeyId' failed to satisfy constraint: Member must not be null",
    );
  });
});
