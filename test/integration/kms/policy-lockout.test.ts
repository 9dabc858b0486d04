// The lockout safety check and malformed policies on CreateKey, PutKeyPolicy and ReplicateKey, with the
// AWS SDK and with boto3: refused with AWS's error, nothing changes; BypassPolicyLockoutSafetyCheck skips
// the lockout check (never the grammar).
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  ListKeysCommand,
  PutKeyPolicyCommand,
  ReplicateKeyCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, startKms } from '../../helpers/kms.js';
import { requireBoto3, runProgram } from './external-clients.js';

const LOCKOUT = 'The new key policy will not allow you to update the key policy in the future.';
const INVALID_PRINCIPALS = 'Policy contains a statement with one or more invalid principals.';
const ROOT = 'arn:aws:iam::111122223333:root';

let kms: KmsFixture;
const east = () => kms.client('us-east-1');
const west = () => kms.client('eu-west-1');

const policyOf = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (principal: string, action: string | string[] = 'kms:*') => ({
  Effect: 'Allow',
  Principal: { AWS: principal },
  Action: action,
  Resource: '*',
});
const EMPTY = '{"Version":"2012-10-17","Statement":[]}';
const ROLE_ONLY = policyOf(allow('arn:aws:iam::111122223333:role/app'));

beforeAll(async () => {
  kms = await startKms();
});
afterAll(() => kms?.close());

async function keyCount(region: string): Promise<number> {
  return ((await kms.client(region).send(new ListKeysCommand({}))).Keys ?? []).length;
}

describe('lockout safety check', () => {
  it('CreateKey refuses a policy that locks every principal out, or one the caller is not in, and creates nothing', async () => {
    const before = await keyCount('us-east-1');
    for (const policy of [EMPTY, ROLE_ONLY]) {
      await expect(
        east().send(new CreateKeyCommand({ Policy: policy, MultiRegion: true })),
      ).rejects.toMatchObject({
        name: 'MalformedPolicyDocumentException',
        message: LOCKOUT,
      });
    }
    // Only PutKeyPolicy counts: a policy allowing the caller everything else still locks it out.
    await expect(
      east().send(
        new CreateKeyCommand({
          Policy: policyOf(allow(ROOT, ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'])),
        }),
      ),
    ).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException', message: LOCKOUT });
    // An explicit Deny of kms:PutKeyPolicy locks the caller out too.
    await expect(
      east().send(
        new CreateKeyCommand({
          Policy: policyOf(allow(ROOT), {
            Effect: 'Deny',
            Principal: '*',
            Action: 'kms:PutKeyPolicy',
            Resource: '*',
          }),
        }),
      ),
    ).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException', message: LOCKOUT });
    expect(await keyCount('us-east-1')).toBe(before);
  });

  it('CreateKey accepts the caller by account id, root ARN or kms:Put*, and anything with BypassPolicyLockoutSafetyCheck', async () => {
    for (const policy of [
      policyOf(allow('111122223333')),
      policyOf(allow(ROOT, ['kms:Put*', 'kms:GetKeyPolicy'])),
      policyOf({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }),
    ]) {
      const { KeyMetadata } = await east().send(new CreateKeyCommand({ Policy: policy }));
      expect((await east().send(new GetKeyPolicyCommand({ KeyId: KeyMetadata?.KeyId }))).Policy).toBe(policy);
    }
    const bypassed = await east().send(
      new CreateKeyCommand({ Policy: EMPTY, BypassPolicyLockoutSafetyCheck: true, MultiRegion: true }),
    );
    expect(bypassed.KeyMetadata?.KeyState).toBe('Enabled');
  });

  it('PutKeyPolicy refuses a lockout policy and keeps the old one; the bypass applies it (and then locks the caller out)', async () => {
    const { KeyMetadata } = await east().send(new CreateKeyCommand({}));
    const keyId = KeyMetadata?.KeyId as string;
    const before = (await east().send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy;
    await expect(east().send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: EMPTY }))).rejects.toMatchObject(
      {
        name: 'MalformedPolicyDocumentException',
        message: LOCKOUT,
      },
    );
    expect((await east().send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy).toBe(before);
    await east().send(
      new PutKeyPolicyCommand({ KeyId: keyId, Policy: ROLE_ONLY, BypassPolicyLockoutSafetyCheck: true }),
    );
    // Now even the account root may not read or change it: the key policy is the only authority.
    await expect(east().send(new GetKeyPolicyCommand({ KeyId: keyId }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: `User: ${ROOT} is not authorized to perform: kms:GetKeyPolicy on resource: ${KeyMetadata?.Arn} because no resource-based policy allows the kms:GetKeyPolicy action`,
    });
    await expect(
      east().send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: policyOf(allow(ROOT)) })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('ReplicateKey refuses a lockout policy for the replica and creates no replica', async () => {
    const { KeyMetadata } = await east().send(new CreateKeyCommand({ MultiRegion: true }));
    const keyId = KeyMetadata?.KeyId as string;
    await expect(
      east().send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1', Policy: EMPTY })),
    ).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException', message: LOCKOUT });
    await expect(west().send(new DescribeKeyCommand({ KeyId: keyId }))).rejects.toMatchObject({
      name: 'NotFoundException',
    });
    const replica = await east().send(
      new ReplicateKeyCommand({
        KeyId: keyId,
        ReplicaRegion: 'eu-west-1',
        Policy: EMPTY,
        BypassPolicyLockoutSafetyCheck: true,
      }),
    );
    expect(replica.ReplicaPolicy).toBe(EMPTY);
  });
});

describe('malformed policies', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['not JSON', '{"Statement": [', undefined],
    ['a JSON array', '[]', 'The policy must be a JSON object.'],
    [
      'an unknown top-level element',
      JSON.stringify({ Version: '2012-10-17', Statement: [allow(ROOT)], Extra: 1 }),
      'Policy has an unsupported element: Extra.',
    ],
    [
      'an unknown statement element',
      policyOf({ ...allow(ROOT), Colour: 'blue' }),
      'Statement has an unsupported element: Colour.',
    ],
    ['an invalid principal', policyOf(allow('AIDACKCEVSQ6C2EXAMPLE')), INVALID_PRINCIPALS],
    ['an empty principal', policyOf({ ...allow(ROOT), Principal: {} }), INVALID_PRINCIPALS],
    ['a bad Effect', policyOf({ ...allow(ROOT), Effect: 'Maybe' }), 'The Effect must be Allow or Deny.'],
    [
      'no Action',
      policyOf({ Effect: 'Allow', Principal: { AWS: ROOT }, Resource: '*' }),
      'Each Statement must have exactly one of Action and NotAction.',
    ],
    [
      'a bad Version',
      JSON.stringify({ Version: '2020-01-01', Statement: [allow(ROOT)] }),
      'The policy Version must be 2012-10-17 or 2008-10-17.',
    ],
    [
      'an unknown condition operator',
      policyOf({ ...allow(ROOT), Condition: { StringSortOf: { 'kms:CallerAccount': '1' } } }),
      'Condition operator StringSortOf is not supported.',
    ],
    [
      'duplicate Sids',
      policyOf({ ...allow(ROOT), Sid: 'a' }, { ...allow(ROOT), Sid: 'a' }),
      'Statement IDs (SID) must be unique: a.',
    ],
  ];

  it.each(cases)(
    'refuses %s on CreateKey, PutKeyPolicy and ReplicateKey, even with the bypass',
    async (_, policy, message) => {
      const expected = {
        name: 'MalformedPolicyDocumentException',
        ...(message !== undefined && { message }),
      };
      const { KeyMetadata } = await east().send(new CreateKeyCommand({ MultiRegion: true }));
      const keyId = KeyMetadata?.KeyId as string;
      const before = (await east().send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy;
      await expect(
        east().send(new CreateKeyCommand({ Policy: policy, BypassPolicyLockoutSafetyCheck: true })),
      ).rejects.toMatchObject(expected);
      await expect(
        east().send(
          new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy, BypassPolicyLockoutSafetyCheck: true }),
        ),
      ).rejects.toMatchObject(expected);
      await expect(
        east().send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1', Policy: policy })),
      ).rejects.toMatchObject(expected);
      expect((await east().send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy).toBe(before);
    },
  );

  it('answers LimitExceededException above 32 KB', async () => {
    const big = policyOf({ ...allow(ROOT), Sid: 'x'.repeat(33_000) });
    await expect(east().send(new CreateKeyCommand({ Policy: big }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Policy exceeds the maximum size of 32768 bytes.',
    });
  });
});

describe('boto3', () => {
  beforeAll(() => requireBoto3());

  it('sees the lockout check and a bad principal as MalformedPolicyDocumentException', async () => {
    const script = `
import json, sys, boto3, botocore
kms = boto3.client('kms', region_name='us-east-1', endpoint_url=sys.argv[1])
out = {}
def code(call):
    try:
        call()
        return None
    except botocore.exceptions.ClientError as e:
        return [e.response['Error']['Code'], e.response['Error'].get('Message')]
key = kms.create_key(MultiRegion=True)['KeyMetadata']['KeyId']
out['empty'] = code(lambda: kms.put_key_policy(KeyId=key, PolicyName='default', Policy=sys.argv[2]))
out['badPrincipal'] = code(lambda: kms.create_key(Policy=sys.argv[3]))
out['replica'] = code(lambda: kms.replicate_key(KeyId=key, ReplicaRegion='eu-west-1', Policy=sys.argv[2]))
out['bypass'] = code(lambda: kms.put_key_policy(KeyId=key, PolicyName='default', Policy=sys.argv[2], BypassPolicyLockoutSafetyCheck=True))
print(json.dumps(out))
`;
    const result = await runProgram(
      'python3',
      ['-c', script, kms.endpoint, EMPTY, policyOf(allow('not-a-principal'))],
      'us-east-1',
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      empty: ['MalformedPolicyDocumentException', LOCKOUT],
      badPrincipal: ['MalformedPolicyDocumentException', INVALID_PRINCIPALS],
      replica: ['MalformedPolicyDocumentException', LOCKOUT],
      bypass: null,
    });
  });
});
