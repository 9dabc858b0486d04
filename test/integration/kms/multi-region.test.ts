import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  ReplicateKeyCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
beforeAll(async () => {
  kms = await startKms();
});
afterAll(() => kms.close());

describe('multi-Region keys', () => {
  it('replicates, answers Creating, settles Enabled, and shares material', async () => {
    const east = kms.client('us-east-1');
    const west = kms.client('eu-west-1');
    const { KeyMetadata: primary } = await east.send(
      new CreateKeyCommand({ MultiRegion: true, Description: 'p' }),
    );
    expect(primary?.KeyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(primary?.MultiRegionConfiguration).toEqual({
      MultiRegionKeyType: 'PRIMARY',
      PrimaryKey: { Arn: primary?.Arn, Region: 'us-east-1' },
      ReplicaKeys: [],
    });

    const replicated = await east.send(
      new ReplicateKeyCommand({ KeyId: primary?.KeyId, ReplicaRegion: 'eu-west-1' }),
    );
    expect(replicated.ReplicaKeyMetadata?.KeyState).toBe('Creating');
    expect(replicated.ReplicaKeyMetadata?.Enabled).toBe(false);
    expect(replicated.ReplicaKeyMetadata?.CurrentKeyMaterialId).toBeUndefined();
    expect(replicated.ReplicaKeyMetadata?.Arn).toBe(primary?.Arn?.replace('us-east-1', 'eu-west-1'));
    expect(replicated.ReplicaTags).toBeUndefined();

    const { KeyMetadata: replica } = await west.send(new DescribeKeyCommand({ KeyId: primary?.KeyId }));
    expect(replica?.KeyState).toBe('Enabled');
    expect(replica?.Description).toBe('');
    expect(replica?.CurrentKeyMaterialId).toBe(primary?.CurrentKeyMaterialId);

    const encrypted = await east.send(
      new EncryptCommand({
        KeyId: primary?.KeyId,
        Plaintext: Buffer.from('hello'),
        EncryptionContext: { app: 'x' },
      }),
    );
    const decrypted = await west.send(
      new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { app: 'x' } }),
    );
    expect(Buffer.from(decrypted.Plaintext as Uint8Array).toString()).toBe('hello');
    expect(decrypted.KeyId).toBe(replica?.Arn);
    await expect(
      west.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob })),
    ).rejects.toMatchObject({
      name: 'InvalidCiphertextException',
    });
  });

  it('keeps the replica Creating until the configured delay passes on the virtual clock', async () => {
    const slow = await startKms({ creatingMs: 60_000 });
    try {
      const east = slow.client('us-east-1');
      const { KeyMetadata } = await east.send(new CreateKeyCommand({ MultiRegion: true }));
      await east.send(
        new ReplicateKeyCommand({ KeyId: KeyMetadata?.KeyId, ReplicaRegion: 'ap-southeast-2' }),
      );
      const sydney = slow.client('ap-southeast-2');
      const before = await sydney.send(new DescribeKeyCommand({ KeyId: KeyMetadata?.KeyId }));
      expect(before.KeyMetadata?.KeyState).toBe('Creating');
      await expect(
        sydney.send(new EncryptCommand({ KeyId: KeyMetadata?.KeyId, Plaintext: Buffer.from('x') })),
      ).rejects.toMatchObject({
        name: 'KMSInvalidStateException',
        message: `${before.KeyMetadata?.Arn} is creating.`,
      });
      expect(
        (await slow.admin('/_emulator/clock/advance', { method: 'POST', body: { seconds: 60 } })).status,
      ).toBe(200);
      const after = await sydney.send(new DescribeKeyCommand({ KeyId: KeyMetadata?.KeyId }));
      expect(after.KeyMetadata?.KeyState).toBe('Enabled');
    } finally {
      await slow.close();
    }
  });
});
