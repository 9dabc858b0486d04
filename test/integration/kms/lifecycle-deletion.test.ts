import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  ListAliasesCommand,
  ReplicateKeyCommand,
  ScheduleKeyDeletionCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, DAY_SECONDS, type KmsFixture, mrkWithReplica, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
beforeAll(async () => {
  kms = await startKms();
});
afterAll(() => kms.close());

async function emulatorNow(): Promise<number> {
  return Date.parse(((await kms.admin('/_emulator/health')).body as { time: string }).time);
}

const east = () => kms.client('us-east-1');
const west = () => kms.client('eu-west-1');

describe('ScheduleKeyDeletion / CancelKeyDeletion', () => {
  describe('validation', () => {
    it('accepts 7-30 days only and refuses aliases where only key ids are allowed', async () => {
      const { KeyMetadata } = await east().send(new CreateKeyCommand({}));
      for (const days of [6, 31]) {
        await expect(
          east().send(
            new ScheduleKeyDeletionCommand({ KeyId: KeyMetadata?.KeyId, PendingWindowInDays: days }),
          ),
        ).rejects.toMatchObject({
          name: 'ValidationException',
          message: expect.stringContaining(`Value '${days}' at 'pendingWindowInDays'`),
        });
      }
      await expect(east().send(new ScheduleKeyDeletionCommand({ KeyId: 'alias/x' }))).rejects.toMatchObject({
        name: 'NotFoundException',
        message: "Invalid keyId 'alias/x'",
      });
      expect(
        (await east().send(new DescribeKeyCommand({ KeyId: KeyMetadata?.KeyId }))).KeyMetadata?.KeyState,
      ).toBe('Enabled');
    });
  });

  describe('behaviour', () => {
    it('defaults to 30 days, answers the ARN and DeletionDate, and refuses a second schedule', async () => {
      const { KeyMetadata } = await east().send(new CreateKeyCommand({}));
      const now = await emulatorNow();
      const scheduled = await east().send(new ScheduleKeyDeletionCommand({ KeyId: KeyMetadata?.KeyId }));
      expect(scheduled).toMatchObject({
        KeyId: KeyMetadata?.Arn,
        KeyState: 'PendingDeletion',
        PendingWindowInDays: 30,
      });
      const days = ((scheduled.DeletionDate?.getTime() ?? 0) - now) / (DAY_SECONDS * 1000);
      expect(days).toBeGreaterThan(29.99);
      expect(days).toBeLessThan(30.01);
      await expect(
        east().send(new ScheduleKeyDeletionCommand({ KeyId: KeyMetadata?.KeyId })),
      ).rejects.toMatchObject({
        name: 'KMSInvalidStateException',
        message: `${KeyMetadata?.Arn} is pending deletion.`,
      });
      await expect(
        east().send(new EncryptCommand({ KeyId: KeyMetadata?.KeyId, Plaintext: Buffer.from('x') })),
      ).rejects.toMatchObject({
        name: 'KMSInvalidStateException',
      });
    });

    it('cancel leaves the key Disabled; cancelling a key not pending deletion fails', async () => {
      const { KeyMetadata } = await east().send(new CreateKeyCommand({}));
      const keyId = KeyMetadata?.KeyId as string;
      await expect(east().send(new CancelKeyDeletionCommand({ KeyId: keyId }))).rejects.toMatchObject({
        name: 'KMSInvalidStateException',
        message: `${KeyMetadata?.Arn} is not pending deletion.`,
      });
      await east().send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
      expect(await east().send(new CancelKeyDeletionCommand({ KeyId: keyId }))).toMatchObject({
        KeyId: KeyMetadata?.Arn,
      });
      const { KeyMetadata: after } = await east().send(new DescribeKeyCommand({ KeyId: keyId }));
      expect(after).toMatchObject({ KeyState: 'Disabled', Enabled: false });
      expect(after?.DeletionDate).toBeUndefined();
      await advanceClock(kms, 8 * DAY_SECONDS);
      await east().send(new EnableKeyCommand({ KeyId: keyId }));
      expect((await east().send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState).toBe(
        'Enabled',
      );
    });

    it('deletes a set in order: the primary waits in PendingReplicaDeletion until the last replica is gone', async () => {
      const { keyId, arn, westArn } = await mrkWithReplica(kms);
      const ciphertext = (
        await east().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('kept') }))
      ).CiphertextBlob;
      await east().send(new CreateAliasCommand({ AliasName: 'alias/doomed-primary', TargetKeyId: keyId }));
      await west().send(new CreateAliasCommand({ AliasName: 'alias/doomed-replica', TargetKeyId: keyId }));

      const primary = await east().send(
        new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }),
      );
      expect(primary).toMatchObject({
        KeyId: arn,
        KeyState: 'PendingReplicaDeletion',
        PendingWindowInDays: 7,
      });
      expect(primary.DeletionDate).toBeUndefined();
      const { KeyMetadata: waiting } = await east().send(new DescribeKeyCommand({ KeyId: keyId }));
      expect(waiting).toMatchObject({
        KeyState: 'PendingReplicaDeletion',
        PendingDeletionWindowInDays: 7,
        Enabled: false,
      });
      expect(waiting?.DeletionDate).toBeUndefined();
      expect(waiting?.MultiRegionConfiguration?.ReplicaKeys).toEqual([{ Arn: westArn, Region: 'eu-west-1' }]);
      // The replica is untouched and still decrypts.
      expect((await west().send(new DecryptCommand({ CiphertextBlob: ciphertext }))).KeyId).toBe(westArn);

      await west().send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 10 }));
      // A replica pending deletion still occupies its Region.
      await advanceClock(kms, 9 * DAY_SECONDS);
      expect((await east().send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState).toBe(
        'PendingReplicaDeletion',
      );

      await advanceClock(kms, 1 * DAY_SECONDS + 1);
      await expect(west().send(new DescribeKeyCommand({ KeyId: keyId }))).rejects.toMatchObject({
        name: 'NotFoundException',
      });
      expect((await west().send(new ListAliasesCommand({}))).Aliases?.map((a) => a.AliasName)).not.toContain(
        'alias/doomed-replica',
      );
      const { KeyMetadata: counting } = await east().send(new DescribeKeyCommand({ KeyId: keyId }));
      expect(counting?.KeyState).toBe('PendingDeletion');
      expect(counting?.PendingDeletionWindowInDays).toBeUndefined();
      expect(counting?.MultiRegionConfiguration?.ReplicaKeys).toEqual([]);
      // The primary's own 7-day window started when the replica went (day 10), not when it was scheduled.
      const expected = (await kms.admin('/_emulator/health')).body as { time: string };
      const remaining =
        ((counting?.DeletionDate?.getTime() ?? 0) - Date.parse(expected.time)) / (DAY_SECONDS * 1000);
      expect(remaining).toBeGreaterThan(6.99);
      expect(remaining).toBeLessThanOrEqual(7);

      await advanceClock(kms, 7 * DAY_SECONDS);
      await expect(east().send(new DescribeKeyCommand({ KeyId: keyId }))).rejects.toMatchObject({
        name: 'NotFoundException',
      });
      expect((await east().send(new ListAliasesCommand({}))).Aliases?.map((a) => a.AliasName)).not.toContain(
        'alias/doomed-primary',
      );
    });

    it('blocks a new replica while one is pending deletion, and frees the Region once it is deleted', async () => {
      const { keyId } = await mrkWithReplica(kms);
      await west().send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
      await expect(
        east().send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' })),
      ).rejects.toMatchObject({
        name: 'AlreadyExistsException',
      });
      await advanceClock(kms, 7 * DAY_SECONDS + 1);
      const again = await east().send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' }));
      expect(again.ReplicaKeyMetadata?.KeyId).toBe(keyId);
      expect((await west().send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState).toBe(
        'Enabled',
      );
    });

    it('refuses to schedule a key that is Updating', async () => {
      const slow = await startKms({ updatingMs: 60_000 });
      try {
        const client = slow.client('us-east-1');
        const { KeyMetadata } = await client.send(new CreateKeyCommand({ MultiRegion: true }));
        await client.send(new ReplicateKeyCommand({ KeyId: KeyMetadata?.KeyId, ReplicaRegion: 'eu-west-1' }));
        await client.send(
          new UpdatePrimaryRegionCommand({ KeyId: KeyMetadata?.KeyId, PrimaryRegion: 'eu-west-1' }),
        );
        await expect(
          client.send(new ScheduleKeyDeletionCommand({ KeyId: KeyMetadata?.KeyId })),
        ).rejects.toMatchObject({
          name: 'KMSInvalidStateException',
          message: `${KeyMetadata?.Arn} is updating.`,
        });
      } finally {
        await slow.close();
      }
    });
  });
});
