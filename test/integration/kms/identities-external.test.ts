// Identities, key policies and grants seen by clients nobody here wrote: boto3 and the AWS CLI, each
// signing with an identity's own access key.
import { CreateKeyCommand, type KMSClient, ReplicateKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, startKms } from '../../helpers/kms.js';
import { requireBoto3, requireProgram, runProgram } from './external-clients.js';
import { allow, clientAs, deniedMessage, IDENTITIES, KEYS, PARTNER, policyOf, ROLE } from './identities.js';

let kms: KmsFixture;
let admin: KMSClient;
let keyId: string;
let arn: string;

beforeAll(async () => {
  kms = await startKms({ identities: IDENTITIES });
  admin = clientAs(kms.endpoint, KEYS.admin);
  const policy = policyOf(
    allow(ROLE('admin'), 'kms:*'),
    allow(ROLE('app'), ['kms:Encrypt', 'kms:Decrypt'], {
      StringEquals: { 'kms:EncryptionContext:team': 'payments' },
    }),
    allow(PARTNER, 'kms:Encrypt'),
  );
  const { KeyMetadata } = await admin.send(new CreateKeyCommand({ Policy: policy, MultiRegion: true }));
  keyId = KeyMetadata?.KeyId as string;
  arn = KeyMetadata?.Arn as string;
  await admin.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1', Policy: policy }));
});
afterAll(async () => {
  admin?.destroy();
  await kms?.close();
});

const SCRIPT = `
import json, sys, boto3, botocore
endpoint, key_id, arn, keys = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
def kms(who, region='us-east-1'):
    return boto3.client('kms', region_name=region, endpoint_url=endpoint,
                        aws_access_key_id=keys[who], aws_secret_access_key='secret')
def error(call):
    try:
        call()
        return None
    except botocore.exceptions.ClientError as e:
        return [e.response['Error']['Code'], e.response['Error'].get('Message')]
out = {}
out['unknown'] = error(lambda: kms('nobody').list_keys())
blob = kms('app').encrypt(KeyId=key_id, Plaintext=b'hi', EncryptionContext={'team': 'payments'})['CiphertextBlob']
out['appWest'] = kms('app', 'eu-west-1').decrypt(CiphertextBlob=blob, EncryptionContext={'team': 'payments'})['Plaintext'].decode()
out['wrongContext'] = error(lambda: kms('app').encrypt(KeyId=key_id, Plaintext=b'x', EncryptionContext={'team': 'risk'}))
out['other'] = error(lambda: kms('other').decrypt(CiphertextBlob=blob, EncryptionContext={'team': 'payments'}))
grant = kms('admin').create_grant(KeyId=key_id, GranteePrincipal=sys.argv[5], Operations=['Decrypt'])
out['granted'] = kms('other').decrypt(CiphertextBlob=blob, EncryptionContext={'team': 'payments'}, GrantTokens=[grant['GrantToken']])['Plaintext'].decode()
kms('admin').revoke_grant(KeyId=key_id, GrantId=grant['GrantId'])
out['revoked'] = error(lambda: kms('other').decrypt(CiphertextBlob=blob, EncryptionContext={'team': 'payments'}))[0]
out['partnerByArn'] = kms('partner').encrypt(KeyId=arn, Plaintext=b'x')['KeyId']
out['partnerById'] = error(lambda: kms('partner').encrypt(KeyId=key_id, Plaintext=b'x'))[0]
print(json.dumps(out))
`;

describe('boto3 with identities', () => {
  it('sees UnrecognizedClientException, policy and grant decisions, and cross-account use by ARN', async () => {
    requireBoto3();
    const keys = { ...KEYS, nobody: 'AKIANOBODY000000001' };
    const result = await runProgram(
      'python3',
      ['-c', SCRIPT, kms.endpoint, keyId, arn, JSON.stringify(keys), ROLE('other')],
      'us-east-1',
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      unknown: ['UnrecognizedClientException', 'The security token included in the request is invalid.'],
      appWest: 'hi',
      wrongContext: ['AccessDeniedException', deniedMessage(ROLE('app'), 'kms:Encrypt', arn, 'resource')],
      other: ['AccessDeniedException', deniedMessage(ROLE('other'), 'kms:Decrypt', arn, 'resource')],
      granted: 'hi',
      revoked: 'AccessDeniedException',
      partnerByArn: arn,
      partnerById: 'NotFoundException',
    });
  });
});

describe('the AWS CLI with identities', () => {
  it('shows AccessDeniedException for a role the policy does not name, and succeeds for one it does', async () => {
    requireProgram('aws', 'The AWS CLI test');
    const cli = (accessKey: string, ...args: string[]) =>
      runProgram(
        'aws',
        ['--endpoint-url', kms.endpoint, '--region', 'us-east-1', '--output', 'json', 'kms', ...args],
        'us-east-1',
        undefined,
        { AWS_ACCESS_KEY_ID: accessKey },
      );
    const denied = await cli(KEYS.other, 'encrypt', '--key-id', keyId, '--plaintext', 'aGk=');
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain(
      `An error occurred (AccessDeniedException) when calling the Encrypt operation: ${deniedMessage(ROLE('other'), 'kms:Encrypt', arn, 'resource')}`,
    );
    const allowed = await cli(
      KEYS.app,
      'encrypt',
      '--key-id',
      keyId,
      '--plaintext',
      'aGk=',
      '--encryption-context',
      'team=payments',
    );
    expect(allowed.stderr).toBe('');
    expect(JSON.parse(allowed.stdout).KeyId).toBe(arn);
    const unknown = await cli('AKIANOBODY000000001', 'list-keys');
    expect(unknown.stderr).toContain('(UnrecognizedClientException)');
  });
});
