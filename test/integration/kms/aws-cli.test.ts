import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, startKms } from '../../helpers/kms.js';
import { requireProgram, runProgram } from './external-clients.js';

let kms: KmsFixture;
let dir: string;

beforeAll(async () => {
  requireProgram('aws', 'The AWS CLI test');
  kms = await startKms();
  dir = await mkdtemp(join(tmpdir(), 'kms-cli-'));
});
afterAll(async () => {
  await kms?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function aws(region: string, ...args: string[]) {
  return runProgram(
    'aws',
    ['--endpoint-url', kms.endpoint, '--region', region, '--output', 'json', 'kms', ...args],
    region,
    dir,
  );
}

async function json(region: string, ...args: string[]): Promise<Record<string, unknown>> {
  const result = await aws(region, ...args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe('the AWS CLI against the emulator', () => {
  it('creates, replicates, encrypts in one Region and decrypts in the other', async () => {
    const created = (await json('us-east-1', 'create-key', '--multi-region', '--description', 'from the cli'))
      .KeyMetadata as Record<string, unknown>;
    const keyId = created.KeyId as string;
    expect(keyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(created).toMatchObject({ MultiRegion: true, Description: 'from the cli', KeyState: 'Enabled' });

    const replicated = await json(
      'us-east-1',
      'replicate-key',
      '--key-id',
      keyId,
      '--replica-region',
      'eu-west-1',
    );
    const replica = replicated.ReplicaKeyMetadata as Record<string, unknown>;
    expect(replica).toMatchObject({
      KeyId: keyId,
      KeyState: 'Creating',
      Arn: (created.Arn as string).replace('us-east-1', 'eu-west-1'),
    });
    expect(JSON.parse(replicated.ReplicaPolicy as string).Id).toBe('key-default-1');

    await writeFile(join(dir, 'plain.txt'), 'hello from the cli');
    const encrypted = await json(
      'us-east-1',
      'encrypt',
      '--key-id',
      keyId,
      '--plaintext',
      'fileb://plain.txt',
      '--encryption-context',
      'purpose=cli',
    );
    await writeFile(join(dir, 'cipher.bin'), Buffer.from(encrypted.CiphertextBlob as string, 'base64'));
    const decrypted = await json(
      'eu-west-1',
      'decrypt',
      '--ciphertext-blob',
      'fileb://cipher.bin',
      '--encryption-context',
      'purpose=cli',
    );
    expect(Buffer.from(decrypted.Plaintext as string, 'base64').toString()).toBe('hello from the cli');
    expect(decrypted.KeyId).toBe(replica.Arn);
  });

  it('shows AWS errors by code and message, exiting non-zero', async () => {
    const result = await aws('eu-west-1', 'describe-key', '--key-id', 'alias/missing');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('NotFoundException');
    expect(result.stderr).toContain('Alias arn:aws:kms:eu-west-1:111122223333:alias/missing is not found.');
  });
});
