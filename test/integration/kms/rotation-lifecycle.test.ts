import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, DAY_SECONDS, type KmsFixture, mrkWithReplica, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
beforeAll(async () => {
  kms = await startKms({ onDemandRotationLimit: 3 });
});
afterAll(() => kms.close());

const east = () => kms.client('us-east-1');
const west = () => kms.client('eu-west-1');
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes as Uint8Array).toString();

const materialIn = async (region: string, keyId: string) =>
  (await kms.client(region).send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.CurrentKeyMaterialId;

describe('key rotation', () => {
  describe('validation', () => {
    it('bounds RotationPeriodInDays to 90-2560', async () => {
      const { keyId } = await mrkWithReplica(kms);
      for (const days of [89, 2561]) {
        await expect(
          east().send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: days })),
        ).rejects.toMatchObject({
          name: 'ValidationException',
          message: expect.stringContaining("'rotationPeriodInDays'"),
        });
      }
    });
  });

  describe('behaviour', () => {
    it('is set on the primary only; replicas report the primary setting', async () => {
      const { keyId, westArn } = await mrkWithReplica(kms);
      expect(await west().send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).toMatchObject({
        KeyId: westArn,
        KeyRotationEnabled: false,
      });
      await expect(west().send(new EnableKeyRotationCommand({ KeyId: keyId }))).rejects.toMatchObject({
        name: 'UnsupportedOperationException',
        message: `${westArn} is not a multi-region primary key.`,
      });
      await east().send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 90 }));
      const status = await west().send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
      expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90 });
      expect(status.NextRotationDate).toBeInstanceOf(Date);
      await east().send(new DisableKeyRotationCommand({ KeyId: keyId }));
      const off = await west().send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
      expect(off).toMatchObject({ KeyRotationEnabled: false });
      expect(off.RotationPeriodInDays).toBeUndefined();
    });

    it('rotates on demand: new material reaches the replica, old ciphertexts decrypt everywhere, NextRotationDate stays', async () => {
      const { keyId, arn } = await mrkWithReplica(kms);
      await east().send(new EnableKeyRotationCommand({ KeyId: keyId }));
      const next = (await east().send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).NextRotationDate;
      const original = await materialIn('us-east-1', keyId);
      const old = await west().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('old') }));

      expect(await east().send(new RotateKeyOnDemandCommand({ KeyId: keyId }))).toEqual(
        expect.objectContaining({ KeyId: arn }),
      );
      const rotated = await materialIn('us-east-1', keyId);
      expect(rotated).toMatch(/^[0-9a-f]{64}$/);
      expect(rotated).not.toBe(original);
      expect(await materialIn('eu-west-1', keyId)).toBe(rotated);
      for (const client of [east(), west()]) {
        const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: old.CiphertextBlob }));
        expect(text(decrypted.Plaintext)).toBe('old');
        expect(decrypted.KeyMaterialId).toBe(original);
      }
      const fresh = await west().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('new') }));
      expect(
        (await east().send(new DecryptCommand({ CiphertextBlob: fresh.CiphertextBlob }))).KeyMaterialId,
      ).toBe(rotated);
      expect((await east().send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).NextRotationDate).toEqual(
        next,
      );

      const { Rotations } = await west().send(new ListKeyRotationsCommand({ KeyId: keyId }));
      expect(Rotations).toEqual([
        expect.objectContaining({
          KeyId: keyId,
          KeyMaterialId: rotated,
          KeyMaterialState: 'CURRENT',
          RotationType: 'ON_DEMAND',
        }),
      ]);
      const all = await east().send(
        new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }),
      );
      expect(all.Rotations?.map((rotation) => [rotation.KeyMaterialId, rotation.KeyMaterialState])).toEqual([
        [original, 'NON_CURRENT'],
        [rotated, 'CURRENT'],
      ]);
    });

    it('enforces the on-demand rotation limit (configurable) and refuses replicas, RSA and disabled keys', async () => {
      const { keyId, arn, westArn } = await mrkWithReplica(kms);
      for (let i = 0; i < 3; i += 1) await east().send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
      await expect(east().send(new RotateKeyOnDemandCommand({ KeyId: keyId }))).rejects.toMatchObject({
        name: 'LimitExceededException',
        message: `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${arn}`,
      });
      await expect(west().send(new RotateKeyOnDemandCommand({ KeyId: keyId }))).rejects.toMatchObject({
        name: 'UnsupportedOperationException',
        message: `${westArn} is not a multi-region primary key.`,
      });
      const { KeyMetadata: rsa } = await east().send(
        new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }),
      );
      await expect(east().send(new RotateKeyOnDemandCommand({ KeyId: rsa?.KeyId }))).rejects.toMatchObject({
        name: 'UnsupportedOperationException',
      });
      const { KeyMetadata: off } = await east().send(new CreateKeyCommand({}));
      await east().send(new DisableKeyCommand({ KeyId: off?.KeyId }));
      await expect(east().send(new RotateKeyOnDemandCommand({ KeyId: off?.KeyId }))).rejects.toMatchObject({
        name: 'DisabledException',
        message: `${off?.Arn} is disabled.`,
      });
    });

    it('rotates automatically when the virtual clock passes NextRotationDate, on every member', async () => {
      const { keyId } = await mrkWithReplica(kms);
      await east().send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 90 }));
      const first = await materialIn('eu-west-1', keyId);
      const old = await east().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('q1') }));
      await advanceClock(kms, 89 * DAY_SECONDS);
      expect(await materialIn('eu-west-1', keyId)).toBe(first);
      const before = (await east().send(new GetKeyRotationStatusCommand({ KeyId: keyId })))
        .NextRotationDate as Date;

      await advanceClock(kms, 1 * DAY_SECONDS + 1);
      const second = await materialIn('eu-west-1', keyId);
      expect(second).not.toBe(first);
      expect(await materialIn('us-east-1', keyId)).toBe(second);
      const after = (await west().send(new GetKeyRotationStatusCommand({ KeyId: keyId })))
        .NextRotationDate as Date;
      expect(after.getTime() - before.getTime()).toBe(90 * DAY_SECONDS * 1000);
      expect(
        text((await west().send(new DecryptCommand({ CiphertextBlob: old.CiphertextBlob }))).Plaintext),
      ).toBe('q1');
      const { Rotations } = await east().send(new ListKeyRotationsCommand({ KeyId: keyId }));
      expect(Rotations?.map((rotation) => rotation.RotationType)).toEqual(['AUTOMATIC']);
      const events = (await kms.admin('/_emulator/events?region=us-east-1')).body as {
        events: { eventName: string }[];
      };
      expect(events.events.map((event) => event.eventName)).toContain('RotateKey');
    });

    it('reads false while pending deletion, and refuses EXTERNAL keys', async () => {
      const { KeyMetadata } = await east().send(new CreateKeyCommand({}));
      await east().send(new EnableKeyRotationCommand({ KeyId: KeyMetadata?.KeyId }));
      await east().send(new ScheduleKeyDeletionCommand({ KeyId: KeyMetadata?.KeyId }));
      expect(
        (await east().send(new GetKeyRotationStatusCommand({ KeyId: KeyMetadata?.KeyId })))
          .KeyRotationEnabled,
      ).toBe(false);
      const { KeyMetadata: external } = await east().send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
      await expect(
        east().send(new EnableKeyRotationCommand({ KeyId: external?.KeyId })),
      ).rejects.toMatchObject({
        name: 'UnsupportedOperationException',
        message: `${external?.Arn} origin is EXTERNAL which is not valid for this operation.`,
      });
    });
  });
});
