// Grants enforced per identity, with the AWS SDK: the grantee may perform the grant's operations within
// its constraints, a grant token makes a new grant usable at once, retired and revoked grants stop
// working, grants are per Region, and a grantee of another account uses the key by ARN.
import {
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  type KMSClient,
  ReplicateKeyCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, startKms } from '../../helpers/kms.js';
import { allow, clientAs, deniedMessage, IDENTITIES, KEYS, PARTNER, policyOf, ROLE } from './identities.js';

let kms: KmsFixture;
const clients: KMSClient[] = [];
function as(key: string, region = 'us-east-1'): KMSClient {
  const client = clientAs(kms.endpoint, key, region);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  kms = await startKms({ identities: IDENTITIES });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await kms?.close();
});

/** A multi-Region key (replica in eu-west-1) only the admin role may use through its policy. */
async function adminKey() {
  const admin = as(KEYS.admin);
  const policy = policyOf(allow(ROLE('admin'), 'kms:*'));
  const { KeyMetadata } = await admin.send(new CreateKeyCommand({ Policy: policy, MultiRegion: true }));
  const keyId = KeyMetadata?.KeyId as string;
  await admin.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1', Policy: policy }));
  const { CiphertextBlob } = await admin.send(
    new EncryptCommand({
      KeyId: keyId,
      Plaintext: Buffer.from('x'),
      EncryptionContext: { app: 'pay', stage: 'prod' },
    }),
  );
  return { keyId, arn: KeyMetadata?.Arn as string, blob: CiphertextBlob as Uint8Array };
}

const grant = (keyId: string, grantee: string, operations: string[], extra: Record<string, unknown> = {}) =>
  as(KEYS.admin).send(
    new CreateGrantCommand({
      KeyId: keyId,
      GranteePrincipal: grantee,
      Operations: operations as never,
      ...extra,
    }),
  );

const decrypt = (
  client: KMSClient,
  blob: Uint8Array,
  context: Record<string, string>,
  grantTokens?: string[],
) =>
  client.send(
    new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context, GrantTokens: grantTokens }),
  );

describe('grants', () => {
  it('let the grantee perform the granted operations only', async () => {
    const { keyId, arn, blob } = await adminKey();
    const context = { app: 'pay', stage: 'prod' };
    await expect(decrypt(as(KEYS.other), blob, context)).rejects.toMatchObject({
      message: deniedMessage(ROLE('other'), 'kms:Decrypt', arn, 'resource'),
    });
    // The token makes the grant usable at once (KMS is eventually consistent without it).
    const { GrantToken } = await grant(keyId, ROLE('other'), ['Decrypt']);
    await decrypt(as(KEYS.other), blob, context, [GrantToken as string]);
    await decrypt(as(KEYS.other), blob, context);
    await expect(
      as(KEYS.other).send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })),
    ).rejects.toMatchObject({ message: deniedMessage(ROLE('other'), 'kms:Encrypt', arn, 'resource') });
    // A token this emulator did not issue is refused.
    await expect(decrypt(as(KEYS.other), blob, context, ['not-a-grant-token'])).rejects.toMatchObject({
      name: 'InvalidGrantTokenException',
    });
    // A grant to another principal authorises nothing for this one.
    await expect(decrypt(as(KEYS.app), blob, context)).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('enforce EncryptionContextEquals and EncryptionContextSubset (keys case-insensitive, values not)', async () => {
    const { keyId, blob } = await adminKey();
    await grant(keyId, ROLE('other'), ['Decrypt', 'DescribeKey'], {
      Constraints: { EncryptionContextEquals: { APP: 'pay', stage: 'prod' } },
    });
    await decrypt(as(KEYS.other), blob, { app: 'pay', stage: 'prod' });
    // Constraints do not apply to operations without an encryption context.
    await as(KEYS.other).send(new DescribeKeyCommand({ KeyId: keyId }));
    await grant(keyId, ROLE('app'), ['Encrypt'], {
      Constraints: { EncryptionContextSubset: { app: 'pay' } },
    });
    const encrypt = (context: Record<string, string>) =>
      as(KEYS.app).send(
        new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: context }),
      );
    await encrypt({ app: 'pay', extra: 'fine' });
    await expect(encrypt({ app: 'PAY' })).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(encrypt({ other: 'x' })).rejects.toMatchObject({ name: 'AccessDeniedException' });
    // Equals: one pair more or less is refused.
    const wider = await as(KEYS.admin).send(
      new EncryptCommand({
        KeyId: keyId,
        Plaintext: Buffer.from('x'),
        EncryptionContext: { app: 'pay', stage: 'prod', x: 'y' },
      }),
    );
    await expect(
      decrypt(as(KEYS.other), wider.CiphertextBlob as Uint8Array, { app: 'pay', stage: 'prod', x: 'y' }),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('stop working once retired (by the retiring principal) or revoked', async () => {
    const { keyId, arn, blob } = await adminKey();
    const context = { app: 'pay', stage: 'prod' };
    const retirable = await grant(keyId, ROLE('other'), ['Decrypt'], { RetiringPrincipal: ROLE('app') });
    await decrypt(as(KEYS.other), blob, context);
    // Neither the grantee (no RetireGrant in the grant) nor a stranger may retire it.
    await expect(
      as(KEYS.other).send(new RetireGrantCommand({ GrantToken: retirable.GrantToken })),
    ).rejects.toMatchObject({ message: deniedMessage(ROLE('other'), 'kms:RetireGrant', arn, 'resource') });
    await as(KEYS.app).send(new RetireGrantCommand({ GrantToken: retirable.GrantToken }));
    await expect(decrypt(as(KEYS.other), blob, context)).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });

    const revocable = await grant(keyId, ROLE('other'), ['Decrypt', 'RetireGrant']);
    await decrypt(as(KEYS.other), blob, context);
    await expect(
      as(KEYS.other).send(new RevokeGrantCommand({ KeyId: keyId, GrantId: revocable.GrantId })),
    ).rejects.toMatchObject({ message: deniedMessage(ROLE('other'), 'kms:RevokeGrant', arn, 'resource') });
    await as(KEYS.admin).send(new RevokeGrantCommand({ KeyId: keyId, GrantId: revocable.GrantId }));
    await expect(decrypt(as(KEYS.other), blob, context)).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });

    // A grant with RetireGrant lets its grantee retire it.
    const selfRetiring = await grant(keyId, ROLE('other'), ['Decrypt', 'RetireGrant']);
    await as(KEYS.other).send(new RetireGrantCommand({ KeyId: arn, GrantId: selfRetiring.GrantId }));
    await expect(decrypt(as(KEYS.other), blob, context)).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('are per Region: a grant on the primary authorises nothing on the replica', async () => {
    const { keyId, blob } = await adminKey();
    const context = { app: 'pay', stage: 'prod' };
    await grant(keyId, ROLE('other'), ['Decrypt']);
    await decrypt(as(KEYS.other), blob, context);
    await expect(decrypt(as(KEYS.other, 'eu-west-1'), blob, context)).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('let a grantee of another account use the key by ARN', async () => {
    const { arn, blob } = await adminKey();
    const partner = ROLE('partner', PARTNER);
    await expect(decrypt(as(KEYS.partner), blob, { app: 'pay', stage: 'prod' })).rejects.toMatchObject({
      message: deniedMessage(partner, 'kms:Decrypt', arn, 'resource'),
    });
    await grant(arn, partner, ['Decrypt', 'Encrypt']);
    await decrypt(as(KEYS.partner), blob, { app: 'pay', stage: 'prod' });
    await as(KEYS.partner).send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from('x') }));
  });
});
