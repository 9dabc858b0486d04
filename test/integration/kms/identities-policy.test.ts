// Identities (--identities) and key policy evaluation per caller, with the AWS SDK: for each rule one
// request that is allowed and one that is denied, with AWS's error and message.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  type KMSClient,
  ListKeysCommand,
  PutKeyPolicyCommand,
  ReEncryptCommand,
  ReplicateKeyCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, spawnKms, startKms } from '../../helpers/kms.js';
import {
  ACCOUNT,
  allow,
  clientAs,
  deniedMessage,
  deny,
  IDENTITIES,
  KEYS,
  PARTNER,
  policyOf,
  ROLE,
  ROOT,
} from './identities.js';

let kms: KmsFixture;
const clients: KMSClient[] = [];
function as(key: string, region = 'us-east-1'): KMSClient {
  const client = clientAs(kms.endpoint, key, region);
  clients.push(client);
  return client;
}
const ADMIN = () => allow(ROLE('admin'), 'kms:*');

beforeAll(async () => {
  kms = await startKms({ identities: IDENTITIES });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await kms?.close();
});

/** A key the admin role creates with the admin statement plus `statements`. */
async function keyWith(statements: object[], options: { multiRegion?: boolean; replica?: string } = {}) {
  const admin = as(KEYS.admin);
  const policy = policyOf(ADMIN(), ...statements);
  const { KeyMetadata } = await admin.send(
    new CreateKeyCommand({ Policy: policy, MultiRegion: options.multiRegion }),
  );
  const keyId = KeyMetadata?.KeyId as string;
  if (options.replica) {
    await admin.send(
      new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: options.replica, Policy: policy }),
    );
  }
  return { keyId, arn: KeyMetadata?.Arn as string };
}

const encrypt = (client: KMSClient, keyId: string, context?: Record<string, string>) =>
  client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: context }));

describe('identities', () => {
  it('refuses an access key the identities file does not list with UnrecognizedClientException', async () => {
    await expect(as('AKIAUNKNOWN000000001').send(new ListKeysCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 400 },
    });
    // The default account's 12-digit "access key" is no longer an identity either.
    await expect(as(ACCOUNT).send(new ListKeysCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
    expect((await as(KEYS.app).send(new ListKeysCommand({}))).Keys).toBeDefined();
  });

  it('takes the account of a request from its identity', async () => {
    const { KeyMetadata } = await as(KEYS.partner).send(
      new CreateKeyCommand({ Policy: policyOf(allow(ROLE('partner', PARTNER), 'kms:*')) }),
    );
    expect(KeyMetadata?.AWSAccountId).toBe(PARTNER);
    expect(KeyMetadata?.Arn).toContain(`:${PARTNER}:key/`);
  });

  it('npm run kms -- --identities FILE loads the file; a bad file stops the start with a message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kms-identities-'));
    try {
      const file = join(dir, 'identities.json');
      await writeFile(file, JSON.stringify(IDENTITIES));
      const child = await spawnKms(['--identities', file]);
      try {
        await expect(child.client('us-east-1').send(new ListKeysCommand({}))).rejects.toMatchObject({
          name: 'UnrecognizedClientException',
        });
        const direct = clientAs(child.endpoint, KEYS.app);
        clients.push(direct);
        expect((await direct.send(new ListKeysCommand({}))).Keys).toEqual([]);
      } finally {
        await child.kill();
      }
      const bad = join(dir, 'bad.json');
      await writeFile(bad, JSON.stringify({ identities: [{ accessKeyId: 'A', principal: 'nobody' }] }));
      await expect(spawnKms(['--identities', bad])).rejects.toThrow(/identities\[0\]\.principal must be/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('without a file, every access key is the account root as before', async () => {
    const plain = await startKms();
    try {
      const { KeyMetadata } = await plain.client('us-east-1').send(new CreateKeyCommand({}));
      expect(KeyMetadata?.AWSAccountId).toBe(ACCOUNT);
      await plain
        .client('us-east-1')
        .send(
          new PutKeyPolicyCommand({ KeyId: KeyMetadata?.KeyId, Policy: policyOf(allow(ROOT(), 'kms:*')) }),
        );
    } finally {
      await plain.close();
    }
  });
});

describe('key policy principals', () => {
  it('allows a role named in the policy and denies one that is not, naming principal, action and key', async () => {
    const { keyId, arn } = await keyWith([allow(ROLE('app'), ['kms:Encrypt', 'kms:Decrypt'])]);
    const { CiphertextBlob } = await encrypt(as(KEYS.app), keyId);
    await as(KEYS.app).send(new DecryptCommand({ CiphertextBlob }));
    await expect(as(KEYS.other).send(new DecryptCommand({ CiphertextBlob }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: deniedMessage(ROLE('other'), 'kms:Decrypt', arn, 'resource'),
    });
    // Only the actions listed: the app role may not describe the key.
    await expect(as(KEYS.app).send(new DescribeKeyCommand({ KeyId: keyId }))).rejects.toMatchObject({
      message: deniedMessage(ROLE('app'), 'kms:DescribeKey', arn, 'resource'),
    });
  });

  it('matches an assumed-role session by its role ARN', async () => {
    const { keyId, arn } = await keyWith([allow(ROLE('app'), 'kms:Encrypt')]);
    await encrypt(as(KEYS.session), keyId);
    await expect(as(KEYS.session).send(new DescribeKeyCommand({ KeyId: keyId }))).rejects.toMatchObject({
      message: deniedMessage(
        `arn:aws:sts::${ACCOUNT}:assumed-role/app/session-1`,
        'kms:DescribeKey',
        arn,
        'resource',
      ),
    });
  });

  it('an account principal delegates to IAM: the identity file decides (no list: every action)', async () => {
    const { keyId, arn } = await keyWith([allow(ACCOUNT, 'kms:*')]);
    await encrypt(as(KEYS.other), keyId);
    await as(KEYS.limited).send(new DescribeKeyCommand({ KeyId: keyId }));
    await expect(encrypt(as(KEYS.limited), keyId)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: deniedMessage(ROLE('limited'), 'kms:Encrypt', arn, 'identity'),
    });
  });

  it('the account root is bound by the key policy like anyone', async () => {
    const { keyId, arn } = await keyWith([]);
    await expect(as(KEYS.root).send(new DescribeKeyCommand({ KeyId: keyId }))).rejects.toMatchObject({
      message: deniedMessage(ROOT(), 'kms:DescribeKey', arn, 'resource'),
    });
    const delegated = await keyWith([allow(ROOT(), 'kms:DescribeKey')]);
    await as(KEYS.root).send(new DescribeKeyCommand({ KeyId: delegated.keyId }));
  });

  it('Principal "*" allows everyone, within its conditions (kms:CallerAccount)', async () => {
    const { keyId, arn } = await keyWith([
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'kms:Encrypt',
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } },
      },
    ]);
    await encrypt(as(KEYS.other), keyId);
    await expect(encrypt(as(KEYS.partner), arn)).rejects.toMatchObject({
      message: deniedMessage(ROLE('partner', PARTNER), 'kms:Encrypt', arn, 'resource'),
    });
  });

  it('an explicit Deny wins over any Allow', async () => {
    const { keyId, arn } = await keyWith([
      allow(ROLE('app'), 'kms:*'),
      deny(ROLE('app'), 'kms:Decrypt', { StringEquals: { 'kms:EncryptionContext:stage': 'prod' } }),
    ]);
    const prod = await encrypt(as(KEYS.app), keyId, { stage: 'prod' });
    const dev = await encrypt(as(KEYS.app), keyId, { stage: 'dev' });
    await as(KEYS.app).send(
      new DecryptCommand({ CiphertextBlob: dev.CiphertextBlob, EncryptionContext: { stage: 'dev' } }),
    );
    await expect(
      as(KEYS.app).send(
        new DecryptCommand({ CiphertextBlob: prod.CiphertextBlob, EncryptionContext: { stage: 'prod' } }),
      ),
    ).rejects.toMatchObject({ message: deniedMessage(ROLE('app'), 'kms:Decrypt', arn, 'deny') });
  });

  it('Action wildcards: kms:Re* covers ReEncryptFrom and ReEncryptTo, not Decrypt', async () => {
    const { keyId, arn } = await keyWith([allow(ROLE('app'), ['kms:Re*', 'kms:Encrypt'])]);
    const { CiphertextBlob } = await encrypt(as(KEYS.app), keyId);
    const again = await as(KEYS.app).send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: keyId }));
    expect(again.KeyId).toBe(arn);
    await expect(as(KEYS.app).send(new DecryptCommand({ CiphertextBlob }))).rejects.toMatchObject({
      message: deniedMessage(ROLE('app'), 'kms:Decrypt', arn, 'resource'),
    });
    // ReEncrypt needs ReEncryptTo on the destination too.
    const other = await keyWith([allow(ROLE('app'), 'kms:ReEncryptFrom')]);
    await expect(
      as(KEYS.app).send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: other.keyId })),
    ).rejects.toMatchObject({
      message: deniedMessage(ROLE('app'), 'kms:ReEncryptTo', other.arn, 'resource'),
    });
  });
});

describe('conditions', () => {
  it('kms:EncryptionContext:<key> (StringEquals, case-sensitive key) and kms:EncryptionContextKeys (ForAllValues, ForAnyValue)', async () => {
    const { keyId } = await keyWith([
      allow(ROLE('app'), 'kms:Encrypt', { StringEquals: { 'kms:EncryptionContext:team': 'payments' } }),
      allow(ROLE('other'), 'kms:Encrypt', {
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['team', 'app'] },
        'ForAnyValue:StringLike': { 'kms:EncryptionContextKeys': 'te*' },
      }),
    ]);
    await encrypt(as(KEYS.app), keyId, { team: 'payments' });
    await expect(encrypt(as(KEYS.app), keyId, { team: 'risk' })).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await expect(encrypt(as(KEYS.app), keyId, { Team: 'payments' })).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await expect(encrypt(as(KEYS.app), keyId)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await encrypt(as(KEYS.other), keyId, { team: 'x', app: 'y' });
    await expect(encrypt(as(KEYS.other), keyId, { team: 'x', extra: 'y' })).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await expect(encrypt(as(KEYS.other), keyId, { app: 'y' })).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('aws:PrincipalTag/<key> and aws:PrincipalArn (ArnLike)', async () => {
    const tagged = await keyWith([
      allow([ROLE('app'), ROLE('other')], 'kms:Encrypt', {
        StringEquals: { 'aws:PrincipalTag/team': 'payments' },
      }),
    ]);
    await encrypt(as(KEYS.app), tagged.keyId);
    await expect(encrypt(as(KEYS.other), tagged.keyId)).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    const byArn = await keyWith([
      allow(ACCOUNT, 'kms:Encrypt', { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/ap*` } }),
    ]);
    await encrypt(as(KEYS.app), byArn.keyId);
    await expect(encrypt(as(KEYS.other), byArn.keyId)).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('kms:MultiRegion (Bool), kms:KeySpec and kms:KeyUsage', async () => {
    const statements = [
      allow(ROLE('app'), 'kms:DescribeKey', {
        Bool: { 'kms:MultiRegion': 'true' },
        StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT', 'kms:KeyUsage': 'ENCRYPT_DECRYPT' },
      }),
    ];
    const mrk = await keyWith(statements, { multiRegion: true });
    const single = await keyWith(statements);
    await as(KEYS.app).send(new DescribeKeyCommand({ KeyId: mrk.keyId }));
    await expect(as(KEYS.app).send(new DescribeKeyCommand({ KeyId: single.keyId }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('kms:MultiRegionKeyType tells the replica from the primary', async () => {
    const { keyId } = await keyWith(
      [allow(ROLE('app'), 'kms:Encrypt', { StringEquals: { 'kms:MultiRegionKeyType': 'REPLICA' } })],
      {
        multiRegion: true,
        replica: 'eu-west-1',
      },
    );
    await encrypt(as(KEYS.app, 'eu-west-1'), keyId);
    await expect(encrypt(as(KEYS.app), keyId)).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('kms:ReplicaRegion limits ReplicateKey, kms:PrimaryRegion limits UpdatePrimaryRegion', async () => {
    const statements = [
      allow(ROLE('app'), 'kms:ReplicateKey', { StringEquals: { 'kms:ReplicaRegion': 'eu-west-1' } }),
      allow(ROLE('app'), 'kms:UpdatePrimaryRegion', { StringEquals: { 'kms:PrimaryRegion': 'eu-west-1' } }),
    ];
    const policy = policyOf(ADMIN(), ...statements);
    const { keyId, arn } = await keyWith(statements, { multiRegion: true });
    // The app role may not put the replica's policy (lockout), so it replicates with the bypass.
    const replicate = (region: string) =>
      as(KEYS.app).send(
        new ReplicateKeyCommand({
          KeyId: keyId,
          ReplicaRegion: region,
          Policy: policy,
          BypassPolicyLockoutSafetyCheck: true,
        }),
      );
    await replicate('eu-west-1');
    await expect(replicate('us-west-2')).rejects.toMatchObject({
      message: deniedMessage(ROLE('app'), 'kms:ReplicateKey', arn, 'resource'),
    });
    await as(KEYS.admin).send(
      new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'us-west-2', Policy: policy }),
    );
    await expect(
      as(KEYS.app).send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: 'us-west-2' })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await as(KEYS.app).send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: 'eu-west-1' }));
  });

  it('kms:ViaService is never present (no AWS service calls the emulator); IfExists and Null see that', async () => {
    const { keyId } = await keyWith([
      allow(ROLE('app'), 'kms:Encrypt', { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }),
      allow(ROLE('other'), 'kms:Encrypt', { Null: { 'kms:ViaService': 'true' } }),
      allow(ROLE('other'), 'kms:GenerateDataKey', {
        StringEqualsIfExists: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
      }),
    ]);
    await expect(encrypt(as(KEYS.app), keyId)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await encrypt(as(KEYS.other), keyId);
    await as(KEYS.other).send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
  });
});

describe('IAM-only operations', () => {
  it('CreateKey and CreateAlias need the identity to allow them', async () => {
    await expect(as(KEYS.limited).send(new CreateKeyCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: deniedMessage(ROLE('limited'), 'kms:CreateKey', '*', 'identity'),
    });
    const { keyId, arn } = await keyWith([allow(ROLE('app'), 'kms:CreateAlias')]);
    await as(KEYS.app).send(new CreateAliasCommand({ AliasName: 'alias/app-made', TargetKeyId: keyId }));
    await expect(
      as(KEYS.other).send(new CreateAliasCommand({ AliasName: 'alias/other-made', TargetKeyId: keyId })),
    ).rejects.toMatchObject({
      message: deniedMessage(ROLE('other'), 'kms:CreateAlias', arn, 'resource'),
    });
  });
});

describe('cross-account use', () => {
  it('a principal of another account uses a key its policy allows, by key ARN only', async () => {
    const { keyId, arn } = await keyWith([allow(PARTNER, ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'])]);
    const partner = as(KEYS.partner);
    const { CiphertextBlob } = await encrypt(partner, arn);
    // Decrypt finds the key from the ciphertext, in the key's account.
    expect((await partner.send(new DecryptCommand({ CiphertextBlob }))).KeyId).toBe(arn);
    expect((await partner.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata?.AWSAccountId).toBe(
      ACCOUNT,
    );
    // A key id or an alias name is looked up in the caller's own account.
    await expect(encrypt(partner, keyId)).rejects.toMatchObject({ name: 'NotFoundException' });
    await as(KEYS.admin).send(new CreateAliasCommand({ AliasName: 'alias/shared', TargetKeyId: keyId }));
    await expect(encrypt(partner, 'alias/shared')).rejects.toMatchObject({ name: 'NotFoundException' });
    // Operations without cross-account use do not see the key at all.
    await expect(
      partner.send(
        new PutKeyPolicyCommand({ KeyId: arn, Policy: policyOf(allow(ROLE('partner', PARTNER), 'kms:*')) }),
      ),
    ).rejects.toMatchObject({ name: 'NotFoundException' });
  });

  it('denies another account that the key policy does not name', async () => {
    const { arn } = await keyWith([allow(ROLE('app'), 'kms:Encrypt')]);
    await expect(encrypt(as(KEYS.partner), arn)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: deniedMessage(ROLE('partner', PARTNER), 'kms:Encrypt', arn, 'resource'),
    });
  });
});
