// `npm start --kms-identities FILE`: the local stack's KMS enforces callers; the control plane (the stack's own
// access key, listed in the file) still works through the API, and an access key not in the file is refused.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { afterAll, expect, it } from 'vitest';
import { FREE_PORTS, npmStartInMemory } from '../../helpers/npm-start.js';

const dir = mkdtempSync(join(tmpdir(), 'mrk-identities-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

const start = (args: string[]) => npmStartInMemory([...FREE_PORTS, ...args], children);

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
