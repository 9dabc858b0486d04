// `npm start --kms-identities FILE`: the local stack's KMS enforces callers; the control plane (the stack's own
// access key, listed in the file) still works through the API, and an access key not in the file is refused.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { afterAll, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mrk-identities-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

function start(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'local/start.ts',
      '--in-memory',
      '--port',
      '0',
      '--kms-port',
      '0',
      '--dynamodb-port',
      '0',
      '--sfn-port',
      '0',
      ...args,
    ],
    { cwd: ROOT, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
  );
  children.push(child);
  let output = '';
  return new Promise((resolve) => {
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
      if (output.includes('Ctrl-C stops everything.')) resolve({ code: null, output });
    });
    child.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const kmsAs = (endpoint: string, accessKeyId: string) =>
  new KMSClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId, secretAccessKey: 'x' },
    maxAttempts: 1,
  });

it('enforces the identities file on the stack KMS; the control plane still creates keys through the API', async () => {
  const file = join(dir, 'identities.json');
  writeFileSync(
    file,
    JSON.stringify({
      identities: [
        { accessKeyId: 'local', principal: 'arn:aws:iam::111122223333:root' },
        { accessKeyId: 'AKIAAPPEXAMPLE000001', principal: 'arn:aws:iam::111122223333:role/app' },
      ],
    }),
  );
  const started = await start(['--kms-identities', file]);
  expect(started.code).toBeNull();
  const endpoint = (label: string) => new RegExp(`${label}\\s+(http://\\S+)`).exec(started.output)![1]!;
  const api = endpoint('REST API');
  const kms = endpoint('KMS emulator');
  const token = /MRK_TOKEN=(\S+)/.exec(started.output)![1]!;
  const created = await fetch(`${api}/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'payments', primaryRegion: 'us-east-1', replicaRegions: [] }),
  });
  expect(created.status).toBe(202);
  const stranger = kmsAs(kms, 'AKIASTRANGER00000001');
  await expect(stranger.send(new ListKeysCommand({}))).rejects.toMatchObject({
    name: 'UnrecognizedClientException',
  });
  const app = kmsAs(kms, 'AKIAAPPEXAMPLE000001');
  // The app role is known; with no iamActions listed, IAM allows it (local/kms/README.md).
  await expect(app.send(new ListKeysCommand({}))).resolves.toMatchObject({ Keys: expect.any(Array) });
  stranger.destroy();
  app.destroy();
}, 120_000);
