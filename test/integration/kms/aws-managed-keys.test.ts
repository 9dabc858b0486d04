// AWS managed keys: alias/aws/<service> resolves to a key created on first use (per account and Region),
// listed by ListAliases and ListKeys, usable only through its service (so a direct Encrypt is denied by its
// key policy) and not manageable; created by a read-only call, it survives a restart. SDK and boto3.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListKeysCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, spawnKms, startKms } from '../../helpers/kms.js';
import { requireBoto3, runProgram } from './external-clients.js';

let kms: KmsFixture;
beforeAll(async () => {
  kms = await startKms();
});
afterAll(() => kms.close());

const east = () => kms.client('us-east-1');
const ROOT = 'arn:aws:iam::111122223333:root';

describe('AWS managed keys', () => {
  it('alias/aws/s3 resolves to a key created on first use, the same one afterwards, per Region', async () => {
    const { KeyMetadata } = await east().send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }));
    expect(KeyMetadata).toMatchObject({
      KeyManager: 'AWS',
      KeyState: 'Enabled',
      KeySpec: 'SYMMETRIC_DEFAULT',
      MultiRegion: false,
    });
    const again = await east().send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }));
    expect(again.KeyMetadata?.KeyId).toBe(KeyMetadata?.KeyId);
    const { Aliases } = await east().send(new ListAliasesCommand({}));
    expect(Aliases?.find((alias) => alias.AliasName === 'alias/aws/s3')?.TargetKeyId).toBe(
      KeyMetadata?.KeyId,
    );
    expect((await east().send(new ListKeysCommand({}))).Keys?.map((key) => key.KeyId)).toContain(
      KeyMetadata?.KeyId,
    );
    const west = await kms.client('eu-west-1').send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }));
    expect(west.KeyMetadata?.KeyId).not.toBe(KeyMetadata?.KeyId);
    expect(
      (await east().send(new GetKeyRotationStatusCommand({ KeyId: KeyMetadata?.KeyId }))).KeyRotationEnabled,
    ).toBe(true);
    await expect(
      east().send(new DescribeKeyCommand({ KeyId: 'alias/aws/no-such-service' })),
    ).rejects.toMatchObject({
      name: 'NotFoundException',
    });
  });

  it('is usable only through its service and cannot be managed', async () => {
    const { KeyMetadata } = await east().send(new DescribeKeyCommand({ KeyId: 'alias/aws/secretsmanager' }));
    const arn = KeyMetadata?.Arn as string;
    const deniedFor = (action: string) =>
      `User: ${ROOT} is not authorized to perform: kms:${action} on resource: ${arn} because no resource-based policy allows the kms:${action} action`;
    await expect(
      east().send(new EncryptCommand({ KeyId: 'alias/aws/secretsmanager', Plaintext: Buffer.from('x') })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException', message: deniedFor('Encrypt') });
    const policy = JSON.parse((await east().send(new GetKeyPolicyCommand({ KeyId: arn }))).Policy as string);
    expect(policy.Statement[0].Condition.StringEquals['kms:ViaService']).toBe(
      'secretsmanager.us-east-1.amazonaws.com',
    );
    await expect(east().send(new DisableKeyCommand({ KeyId: arn }))).rejects.toMatchObject({
      message: deniedFor('DisableKey'),
    });
    await expect(
      east().send(new ScheduleKeyDeletionCommand({ KeyId: arn, PendingWindowInDays: 7 })),
    ).rejects.toMatchObject({ message: deniedFor('ScheduleKeyDeletion') });
    await expect(
      east().send(
        new PutKeyPolicyCommand({
          KeyId: arn,
          Policy: JSON.stringify({ Statement: [] }),
          BypassPolicyLockoutSafetyCheck: true,
        }),
      ),
    ).rejects.toMatchObject({ message: deniedFor('PutKeyPolicy') });
    await expect(
      east().send(new DeleteAliasCommand({ AliasName: 'alias/aws/secretsmanager' })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    await expect(
      east().send(new CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: KeyMetadata?.KeyId })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('a key created by a read-only call is journaled at once (survives kill -9)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kms-managed-'));
    try {
      const first = await spawnKms(['--data-dir', dir]);
      const { KeyMetadata } = await first
        .client('us-east-1')
        .send(new DescribeKeyCommand({ KeyId: 'alias/aws/ssm' }));
      await first.kill();
      const second = await spawnKms(['--data-dir', dir]);
      try {
        const { Aliases } = await second.client('us-east-1').send(new ListAliasesCommand({}));
        expect(Aliases?.find((alias) => alias.AliasName === 'alias/aws/ssm')?.TargetKeyId).toBe(
          KeyMetadata?.KeyId,
        );
      } finally {
        await second.kill();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('boto3 sees an AWS managed key and the denied direct use', async () => {
    requireBoto3();
    const script = `
import json, sys, boto3, botocore
kms = boto3.client('kms', region_name='ap-southeast-2', endpoint_url=sys.argv[1])
out = {'manager': kms.describe_key(KeyId='alias/aws/dynamodb')['KeyMetadata']['KeyManager']}
try:
    kms.encrypt(KeyId='alias/aws/dynamodb', Plaintext=b'x')
except botocore.exceptions.ClientError as e:
    out['encrypt'] = e.response['Error']['Code']
out['listed'] = any(a['AliasName'] == 'alias/aws/dynamodb' for a in kms.list_aliases()['Aliases'])
print(json.dumps(out))
`;
    const result = await runProgram('python3', ['-c', script, kms.endpoint], 'ap-southeast-2');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      manager: 'AWS',
      encrypt: 'AccessDeniedException',
      listed: true,
    });
  });
});
