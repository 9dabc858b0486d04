import {
  CreateGrantCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  ListGrantsCommand,
  ListRetirableGrantsCommand,
  ReplicateKeyCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
beforeAll(async () => {
  kms = await startKms();
});
afterAll(() => kms.close());

const east = () => kms.client('us-east-1');
const west = () => kms.client('eu-west-1');
const GRANTEE = 'arn:aws:iam::111122223333:role/app';
const RETIRER = 'arn:aws:iam::111122223333:role/ops';

async function newKey(): Promise<{ keyId: string; arn: string }> {
  const { KeyMetadata } = await east().send(new CreateKeyCommand({ MultiRegion: true }));
  return { keyId: KeyMetadata?.KeyId as string, arn: KeyMetadata?.Arn as string };
}

describe('grants', () => {
  describe('validation', () => {
    it('requires Operations from the GrantOperation enum and a grantee', async () => {
      const { keyId } = await newKey();
      await expect(
        east().send(
          new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: GRANTEE, Operations: ['Fly' as never] }),
        ),
      ).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringContaining("'operations.1.member'"),
      });
      await expect(
        east().send(new CreateGrantCommand({ KeyId: keyId, Operations: ['Decrypt'] })),
      ).rejects.toMatchObject({
        name: 'ValidationException',
      });
      expect((await east().send(new ListGrantsCommand({ KeyId: keyId }))).Grants).toEqual([]);
    });
  });

  describe('behaviour', () => {
    it('creates, lists, retires and revokes grants per Regional key', async () => {
      const { keyId, arn } = await newKey();
      await east().send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' }));
      const first = await east().send(
        new CreateGrantCommand({
          KeyId: keyId,
          GranteePrincipal: GRANTEE,
          RetiringPrincipal: RETIRER,
          Operations: ['Decrypt', 'Encrypt'],
          Constraints: { EncryptionContextSubset: { app: 'pay' } },
          Name: 'app-access',
        }),
      );
      expect(first.GrantId).toMatch(/^[0-9a-f]{64}$/);
      expect(first.GrantToken?.length).toBeGreaterThan(20);

      // Same Name and parameters: same GrantId, new token. Different parameters: a new grant.
      const retry = await east().send(
        new CreateGrantCommand({
          KeyId: keyId,
          GranteePrincipal: GRANTEE,
          RetiringPrincipal: RETIRER,
          Operations: ['Encrypt', 'Decrypt'],
          Constraints: { EncryptionContextSubset: { app: 'pay' } },
          Name: 'app-access',
        }),
      );
      expect(retry.GrantId).toBe(first.GrantId);
      expect(retry.GrantToken).not.toBe(first.GrantToken);
      const second = await east().send(
        new CreateGrantCommand({
          KeyId: keyId,
          GranteePrincipal: GRANTEE,
          Operations: ['DescribeKey'],
          Name: 'app-access',
        }),
      );
      expect(second.GrantId).not.toBe(first.GrantId);

      const { Grants } = await east().send(new ListGrantsCommand({ KeyId: keyId }));
      expect(Grants).toHaveLength(2);
      expect(Grants?.[0]).toMatchObject({
        KeyId: arn,
        GrantId: first.GrantId,
        Name: 'app-access',
        GranteePrincipal: GRANTEE,
        RetiringPrincipal: RETIRER,
        IssuingAccount: 'arn:aws:iam::111122223333:root',
        Operations: ['Decrypt', 'Encrypt'],
        Constraints: { EncryptionContextSubset: { app: 'pay' } },
      });
      expect(Grants?.[0]?.CreationDate).toBeInstanceOf(Date);
      // Grants are Regional: the replica has none.
      expect((await west().send(new ListGrantsCommand({ KeyId: keyId }))).Grants).toEqual([]);
      const paged = await east().send(new ListGrantsCommand({ KeyId: keyId, Limit: 1 }));
      expect(paged).toMatchObject({ Truncated: true });
      const rest = await east().send(
        new ListGrantsCommand({ KeyId: keyId, Limit: 1, Marker: paged.NextMarker }),
      );
      expect(rest.Grants?.[0]?.GrantId).toBe(second.GrantId);

      const retirable = await east().send(new ListRetirableGrantsCommand({ RetiringPrincipal: RETIRER }));
      expect(retirable.Grants?.map((grant) => grant.GrantId)).toContain(first.GrantId);

      await east().send(new RetireGrantCommand({ GrantToken: retry.GrantToken }));
      await east().send(new RevokeGrantCommand({ KeyId: keyId, GrantId: second.GrantId }));
      expect((await east().send(new ListGrantsCommand({ KeyId: keyId }))).Grants).toEqual([]);
    });

    it('answers InvalidGrantIdException / InvalidGrantTokenException for unknown grants and tokens', async () => {
      const { keyId, arn } = await newKey();
      const { GrantId } = await east().send(
        new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: GRANTEE, Operations: ['Decrypt'] }),
      );
      await expect(
        east().send(new RevokeGrantCommand({ KeyId: keyId, GrantId: 'f'.repeat(64) })),
      ).rejects.toMatchObject({
        name: 'InvalidGrantIdException',
      });
      await expect(east().send(new RetireGrantCommand({ GrantToken: 'not-a-token' }))).rejects.toMatchObject({
        name: 'InvalidGrantTokenException',
      });
      await east().send(new RetireGrantCommand({ KeyId: arn, GrantId }));
      await expect(east().send(new RetireGrantCommand({ KeyId: arn, GrantId }))).rejects.toMatchObject({
        name: 'InvalidGrantIdException',
      });
    });

    it('refuses CreateGrant on a disabled key but still lists its grants', async () => {
      const { keyId, arn } = await newKey();
      await east().send(
        new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: GRANTEE, Operations: ['Decrypt'] }),
      );
      await east().send(new DisableKeyCommand({ KeyId: keyId }));
      await expect(
        east().send(
          new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: GRANTEE, Operations: ['Decrypt'] }),
        ),
      ).rejects.toMatchObject({ name: 'DisabledException', message: `${arn} is disabled.` });
      expect((await east().send(new ListGrantsCommand({ KeyId: keyId }))).Grants).toHaveLength(1);
    });
  });
});
