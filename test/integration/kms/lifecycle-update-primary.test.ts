import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  type KeyMetadata,
  ReplicateKeyCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, type KmsFixture, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
beforeAll(async () => {
  kms = await startKms();
});
afterAll(() => kms.close());

async function createSet(regions: string[]): Promise<KeyMetadata> {
  const east = kms.client('us-east-1');
  const { KeyMetadata } = await east.send(new CreateKeyCommand({ MultiRegion: true }));
  for (const region of regions) {
    await east.send(new ReplicateKeyCommand({ KeyId: KeyMetadata?.KeyId, ReplicaRegion: region }));
  }
  return KeyMetadata as KeyMetadata;
}

async function describe_(region: string, keyId: string): Promise<KeyMetadata> {
  return (await kms.client(region).send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata as KeyMetadata;
}

describe('UpdatePrimaryRegion', () => {
  describe('behaviour', () => {
    it('promotes a replica: every member agrees afterwards and the old primary can no longer replicate', async () => {
      const primary = await createSet(['eu-west-1', 'ap-southeast-2']);
      const keyId = primary.KeyId as string;
      await kms
        .client('us-east-1')
        .send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: 'eu-west-1' }));

      const westArn = primary.Arn?.replace('us-east-1', 'eu-west-1');
      for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
        const config = (await describe_(region, keyId)).MultiRegionConfiguration;
        expect(config?.PrimaryKey).toEqual({ Arn: westArn, Region: 'eu-west-1' });
        expect(config?.ReplicaKeys?.map((replica) => replica.Region).sort()).toEqual([
          'ap-southeast-2',
          'us-east-1',
        ]);
        expect(config?.MultiRegionKeyType).toBe(region === 'eu-west-1' ? 'PRIMARY' : 'REPLICA');
      }
      await expect(
        kms.client('us-east-1').send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'us-west-2' })),
      ).rejects.toMatchObject({
        name: 'UnsupportedOperationException',
        message: `${primary.Arn} is not a multi-region primary key.`,
      });
      await kms
        .client('eu-west-1')
        .send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'us-west-2' }));
      expect((await describe_('us-west-2', keyId)).MultiRegionConfiguration?.PrimaryKey?.Region).toBe(
        'eu-west-1',
      );
    });

    it('keeps both keys Updating for --updating-ms, both read REPLICA, and crypto keeps working', async () => {
      const slow = await startKms({ updatingMs: 60_000 });
      try {
        const east = slow.client('us-east-1');
        const west = slow.client('eu-west-1');
        const { KeyMetadata } = await east.send(new CreateKeyCommand({ MultiRegion: true }));
        const keyId = KeyMetadata?.KeyId as string;
        await east.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' }));
        const before = await east.send(
          new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('before') }),
        );
        await east.send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: 'eu-west-1' }));

        for (const client of [east, west]) {
          const { KeyMetadata: during } = await client.send(new DescribeKeyCommand({ KeyId: keyId }));
          expect(during?.KeyState).toBe('Updating');
          expect(during?.Enabled).toBe(false);
          expect(during?.MultiRegionConfiguration?.MultiRegionKeyType).toBe('REPLICA');
          const encrypted = await client.send(
            new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('during') }),
          );
          const decrypted = await west.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob }));
          expect(Buffer.from(decrypted.Plaintext as Uint8Array).toString()).toBe('during');
        }
        const old = await west.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }));
        expect(Buffer.from(old.Plaintext as Uint8Array).toString()).toBe('before');
        await expect(west.send(new DisableKeyCommand({ KeyId: keyId }))).rejects.toMatchObject({
          name: 'KMSInvalidStateException',
          message: `${KeyMetadata?.Arn?.replace('us-east-1', 'eu-west-1')} is updating.`,
        });

        await advanceClock(slow, 60);
        const after = await west.send(new DescribeKeyCommand({ KeyId: keyId }));
        expect(after.KeyMetadata?.KeyState).toBe('Enabled');
        expect(after.KeyMetadata?.MultiRegionConfiguration?.MultiRegionKeyType).toBe('PRIMARY');
        expect((await east.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState).toBe(
          'Enabled',
        );
      } finally {
        await slow.close();
      }
    });
  });

  describe('errors', () => {
    it('refuses a replica, a single-Region key, its own Region, a Region without a replica, and a disabled member', async () => {
      const primary = await createSet(['eu-west-1']);
      const keyId = primary.KeyId as string;
      const east = kms.client('us-east-1');
      const westArn = primary.Arn?.replace('us-east-1', 'eu-west-1');
      await expect(
        kms
          .client('eu-west-1')
          .send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: 'us-east-1' })),
      ).rejects.toMatchObject({
        name: 'UnsupportedOperationException',
        message: `${westArn} is not a multi-region primary key.`,
      });
      const { KeyMetadata: single } = await east.send(new CreateKeyCommand({}));
      await expect(
        east.send(new UpdatePrimaryRegionCommand({ KeyId: single?.KeyId, PrimaryRegion: 'eu-west-1' })),
      ).rejects.toMatchObject({ name: 'UnsupportedOperationException' });
      await expect(
        east.send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: 'us-east-1' })),
      ).rejects.toMatchObject({ name: 'UnsupportedOperationException' });
      await expect(
        east.send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: 'sa-east-1' })),
      ).rejects.toMatchObject({
        name: 'NotFoundException',
        message: `Key '${primary.Arn?.replace('us-east-1', 'sa-east-1')}' does not exist`,
      });
      await expect(
        east.send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: 'bad_region' })),
      ).rejects.toMatchObject({ name: 'ValidationException' });
      await kms.client('eu-west-1').send(new DisableKeyCommand({ KeyId: keyId }));
      await expect(
        east.send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: 'eu-west-1' })),
      ).rejects.toMatchObject({ name: 'DisabledException', message: `${westArn} is disabled.` });
      expect((await describe_('us-east-1', keyId)).MultiRegionConfiguration?.MultiRegionKeyType).toBe(
        'PRIMARY',
      );
    });
  });
});
