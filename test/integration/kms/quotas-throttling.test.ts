import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  ReplicateKeyCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, type KmsFixture, startKms } from '../../helpers/kms.js';
import { requireBoto3, runProgram } from './external-clients.js';

let kms: KmsFixture;
beforeAll(async () => {
  kms = await startKms();
});
afterAll(() => kms.close());

const THROTTLED = {
  name: 'ThrottlingException',
  message: 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.',
  $metadata: { httpStatusCode: 400 },
};

/** Quotas at a tiny scale refill one token in tens of seconds, so a burst in a test is reliably over the rate. */
async function enable(scale: number): Promise<void> {
  const { status } = await kms.admin('/_emulator/quotas', { method: 'PUT', body: { enabled: true, scale } });
  expect(status).toBe(200);
}

async function throttled(): Promise<Record<string, Record<string, number>>> {
  return (
    (await kms.admin('/_emulator/quotas')).body as { throttled: Record<string, Record<string, number>> }
  ).throttled;
}

describe('request quotas', () => {
  describe('validation', () => {
    it.each([
      [{ scale: 0 }, /scale must be a number above 0/],
      [{ enabled: 'yes' }, /enabled must be true or false/],
      [{ enabled: true, burst: 3 }, /Unknown field\(s\): burst/],
      ['on', /Body must be a JSON object/],
    ])('rejects %j with a clear 400', async (body, message) => {
      const { status, body: answer } = await kms.admin('/_emulator/quotas', { method: 'PUT', body });
      expect(status).toBe(400);
      expect((answer as { error: string }).error).toMatch(message);
      expect(((await kms.admin('/_emulator/quotas')).body as { enabled: boolean }).enabled).toBe(false);
    });
  });

  describe('behaviour', () => {
    it('is off by default, then throttles each quota independently per Region and counts it', async () => {
      const east = kms.client('us-east-1');
      for (let i = 0; i < 8; i += 1) await east.send(new CreateKeyCommand({}));
      await enable(0.01);
      const { KeyMetadata } = await east.send(new CreateKeyCommand({}));
      await expect(east.send(new CreateKeyCommand({}))).rejects.toMatchObject(THROTTLED);
      // CreateAlias has its own quota, and CreateKey in another Region its own bucket.
      await east.send(new CreateAliasCommand({ AliasName: 'alias/quota', TargetKeyId: KeyMetadata?.KeyId }));
      await kms.client('us-west-2').send(new CreateKeyCommand({}));
      expect(await throttled()).toEqual({ 'us-east-1': { CreateKey: 1 } });
    });

    it('cryptographic operations share one pool per key type', async () => {
      const client = kms.client('sa-east-1');
      const { KeyMetadata } = await client.send(new CreateKeyCommand({}));
      await enable(0.0001); // 10,000/s symmetric pool in sa-east-1 -> 1/s
      const encrypted = await client.send(
        new EncryptCommand({ KeyId: KeyMetadata?.KeyId, Plaintext: Buffer.from('x') }),
      );
      await expect(
        client.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob })),
      ).rejects.toMatchObject(THROTTLED);
      await client.send(new DescribeKeyCommand({ KeyId: KeyMetadata?.KeyId }));
      expect((await throttled())['sa-east-1']).toEqual({ 'Cryptographic operations (symmetric)': 1 });
    });

    it('ReplicateKey counts 2 CreateKey in the replica Region; UpdatePrimaryRegion 1 in each Region', async () => {
      await kms.admin('/_emulator/quotas', { method: 'PUT', body: { enabled: false } });
      const east = kms.client('us-east-1');
      const west = kms.client('eu-west-1');
      const { KeyMetadata: a } = await east.send(new CreateKeyCommand({ MultiRegion: true }));
      const { KeyMetadata: b } = await west.send(new CreateKeyCommand({ MultiRegion: true }));
      await west.send(new ReplicateKeyCommand({ KeyId: b?.KeyId, ReplicaRegion: 'ap-south-1' }));
      await enable(0.01);

      await east.send(new ReplicateKeyCommand({ KeyId: a?.KeyId, ReplicaRegion: 'eu-west-1' }));
      await expect(west.send(new CreateKeyCommand({}))).rejects.toMatchObject(THROTTLED);

      await east.send(new UpdatePrimaryRegionCommand({ KeyId: a?.KeyId, PrimaryRegion: 'eu-west-1' }));
      await expect(
        west.send(new UpdatePrimaryRegionCommand({ KeyId: b?.KeyId, PrimaryRegion: 'ap-south-1' })),
      ).rejects.toMatchObject(THROTTLED);
      expect((await throttled())['eu-west-1']).toEqual({ CreateKey: 1, UpdatePrimaryRegion: 1 });
    });

    it('refills buckets on the emulator clock: advancing it refills them, no waiting (SDK and boto3)', async () => {
      const strict = await startKms({ quotas: true, quotaScale: 0.01 }); // CreateKey: 0.05/s, one per 20 s
      try {
        const client = strict.client('ca-central-1');
        await client.send(new CreateKeyCommand({}));
        await expect(client.send(new CreateKeyCommand({}))).rejects.toMatchObject(THROTTLED);
        await advanceClock(strict, 20);
        await client.send(new CreateKeyCommand({}));
        await expect(client.send(new CreateKeyCommand({}))).rejects.toMatchObject(THROTTLED);
        requireBoto3();
        const script = `
import json, sys, boto3, botocore
kms = boto3.client('kms', region_name='ca-central-1', endpoint_url=sys.argv[1], config=botocore.config.Config(retries={'max_attempts': 1, 'mode': 'standard'}))
try:
    kms.create_key()
    print(json.dumps('created'))
except botocore.exceptions.ClientError as e:
    print(json.dumps(e.response['Error']['Code']))
`;
        const boto = () => runProgram('python3', ['-c', script, strict.endpoint], 'ca-central-1');
        expect(JSON.parse((await boto()).stdout)).toBe('ThrottlingException');
        await advanceClock(strict, 20);
        expect(JSON.parse((await boto()).stdout)).toBe('created');
      } finally {
        await strict.close();
      }
    });

    it('starts enforcing with the quotas option', async () => {
      const strict = await startKms({ quotas: true, quotaScale: 0.01 });
      try {
        const client = strict.client('us-east-1');
        await client.send(new CreateKeyCommand({}));
        await expect(client.send(new CreateKeyCommand({}))).rejects.toMatchObject(THROTTLED);
        expect((await strict.admin('/_emulator/quotas')).body).toMatchObject({ enabled: true, scale: 0.01 });
      } finally {
        await strict.close();
      }
    });
  });
});
