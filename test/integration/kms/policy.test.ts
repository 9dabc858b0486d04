import { GetKeyPolicyCommand, ListKeyPoliciesCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, mrkWithReplica, rawKms, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
let keyId: string;
const east = () => kms.client('us-east-1');
const west = () => kms.client('eu-west-1');
const policy = (sid: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: sid,
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  });

beforeAll(async () => {
  kms = await startKms();
  keyId = (await mrkWithReplica(kms)).keyId;
});
afterAll(() => kms.close());

describe('policy validation', () => {
  it('refuses malformed JSON, an over-quota policy and a missing Policy', async () => {
    await expect(
      east().send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: '{not json' })),
    ).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
    });
    await expect(
      east().send(
        new PutKeyPolicyCommand({
          KeyId: keyId,
          Policy: JSON.stringify({ Statement: [], pad: 'x'.repeat(33_000) }),
        }),
      ),
    ).rejects.toMatchObject({ name: 'LimitExceededException' });
    const missing = await rawKms(kms.endpoint, 'PutKeyPolicy', { KeyId: keyId });
    expect(missing.json?.message).toBe(
      "1 validation error detected: Value null at 'policy' failed to satisfy constraint: Member must not be null",
    );
    const tooLong = await rawKms(kms.endpoint, 'PutKeyPolicy', { KeyId: keyId, Policy: 'x'.repeat(131_073) });
    expect(tooLong.json?.message).toMatch(
      /at 'policy' failed to satisfy constraint: Member must have length less than or equal to 131072$/,
    );
  });

  it('knows only the policy name default', async () => {
    await expect(
      east().send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'custom' })),
    ).rejects.toMatchObject({
      name: 'NotFoundException',
    });
    const pattern = await rawKms(kms.endpoint, 'GetKeyPolicy', { KeyId: keyId, PolicyName: 'bad-name' });
    expect(pattern.json?.message).toMatch(
      /at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
  });
});

describe('policy behaviour', () => {
  it('starts with the default root policy in every Region', async () => {
    const answer = await west().send(new GetKeyPolicyCommand({ KeyId: keyId }));
    expect(answer.PolicyName).toBe('default');
    expect(JSON.parse(answer.Policy as string)).toEqual({
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    });
  });

  it('puts and gets per Region, byte for byte, never synchronised', async () => {
    await east().send(
      new PutKeyPolicyCommand({ KeyId: keyId, Policy: policy('east'), PolicyName: 'default' }),
    );
    expect((await east().send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy).toBe(
      policy('east'),
    );
    expect((await west().send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy).not.toBe(policy('east'));
  });

  it('lists exactly the default policy', async () => {
    expect(await west().send(new ListKeyPoliciesCommand({ KeyId: keyId }))).toMatchObject({
      PolicyNames: ['default'],
      Truncated: false,
    });
  });
});
