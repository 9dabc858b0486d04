import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, startKms } from '../../helpers/kms.js';
import { requireBoto3, runProgram } from './external-clients.js';

let kms: KmsFixture;

beforeAll(async () => {
  requireBoto3();
  kms = await startKms();
});
afterAll(() => kms?.close());

// One Python process runs the whole journey and prints what it saw as JSON.
const SCRIPT = `
import json, sys, boto3, botocore
endpoint = sys.argv[1]
east = boto3.client('kms', region_name='us-east-1', endpoint_url=endpoint)
west = boto3.client('kms', region_name='eu-west-1', endpoint_url=endpoint)
out = {}
key = east.create_key(MultiRegion=True, KeySpec='HMAC_256', KeyUsage='GENERATE_VERIFY_MAC')['KeyMetadata']
out['keyId'] = key['KeyId']
out['creationDateType'] = type(key['CreationDate']).__name__
replica = east.replicate_key(KeyId=key['KeyId'], ReplicaRegion='eu-west-1')['ReplicaKeyMetadata']
out['replicaState'] = replica['KeyState']
mac_east = east.generate_mac(KeyId=key['KeyId'], Message=b'm', MacAlgorithm='HMAC_SHA_256')['Mac']
mac_west = west.generate_mac(KeyId=key['KeyId'], Message=b'm', MacAlgorithm='HMAC_SHA_256')['Mac']
out['sameMac'] = mac_east == mac_west
out['macValid'] = west.verify_mac(KeyId=key['KeyId'], Message=b'm', MacAlgorithm='HMAC_SHA_256', Mac=mac_east)['MacValid']
sym = east.create_key(MultiRegion=True)['KeyMetadata']['KeyId']
east.replicate_key(KeyId=sym, ReplicaRegion='eu-west-1')
blob = east.encrypt(KeyId=sym, Plaintext=b'boto3', EncryptionContext={'a': 'b'})['CiphertextBlob']
dec = west.decrypt(CiphertextBlob=blob, EncryptionContext={'a': 'b'})
out['plaintext'] = dec['Plaintext'].decode()
out['decryptKeyId'] = dec['KeyId']
for n in range(5):
    west.create_alias(AliasName='alias/boto-%d' % n, TargetKeyId=sym)
pages = list(west.get_paginator('list_aliases').paginate(KeyId=sym, PaginationConfig={'PageSize': 2}))
out['aliasPages'] = len(pages)
out['aliases'] = [a['AliasName'] for p in pages for a in p['Aliases']]
try:
    west.decrypt(CiphertextBlob=blob)
except botocore.exceptions.ClientError as e:
    out['badContext'] = e.response['Error']['Code']
try:
    east.describe_key(KeyId='mrk-' + '0' * 32)
except botocore.exceptions.ClientError as e:
    out['notFound'] = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))
`;

describe('boto3 against the emulator', () => {
  it('runs a multi-Region journey with paginators and modelled errors', async () => {
    const result = await runProgram('python3', ['-c', SCRIPT, kms.endpoint], 'us-east-1');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.keyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(out).toMatchObject({
      creationDateType: 'datetime',
      replicaState: 'Creating',
      sameMac: true,
      macValid: true,
      plaintext: 'boto3',
      aliasPages: 3,
      aliases: ['alias/boto-0', 'alias/boto-1', 'alias/boto-2', 'alias/boto-3', 'alias/boto-4'],
      badContext: 'InvalidCiphertextException',
      notFound: [
        'NotFoundException',
        `Key 'arn:aws:kms:us-east-1:111122223333:key/mrk-${'0'.repeat(32)}' does not exist`,
        400,
      ],
    });
    expect(out.decryptKeyId).toMatch(/^arn:aws:kms:eu-west-1:111122223333:key\/mrk-/);
  });
});
