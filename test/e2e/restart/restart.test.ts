// `npm start` survives kill -9: start on a data folder, create and replicate a key, SIGKILL the process
// in the middle of a second replication, start again, and find every key, operation and audit event;
// the interrupted operation is marked, its execution ABORTED, and the key can be reconciled; the same for a
// deletion cut off half way, which reconcile finishes in order.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { STACK_CREDENTIALS } from '../../../local/stack.js';

// biome-ignore lint/suspicious/noExplicitAny: API answers are read as loose JSON and checked by expect().
type Json = any;

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'mrk-restart-'));
const children: ChildProcess[] = [];

interface Started {
  child: ChildProcess;
  api: string;
  kms: string;
  sfn: string;
  output: () => string;
  token: string;
}

/** One child process (so SIGKILL reaches everything), on free ports; resolves once it printed its block. */
async function start(): Promise<Started> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'local/start.ts',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--kms-port',
      '0',
      '--dynamodb-port',
      '0',
      '--sfn-port',
      '0',
      '--creating-ms',
      '0',
      '--wait-scale',
      '0',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: 'pipe',
    },
  );
  children.push(child);
  let output = '';
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
      if (output.includes('Ctrl-C stops everything.')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`npm start exited ${code}:\n${output}`)));
  });
  const endpoint = (label: string) => new RegExp(`${label}\\s+(http://\\S+)`).exec(output)?.[1] ?? '';
  return {
    child,
    api: endpoint('REST API'),
    kms: endpoint('KMS emulator'),
    sfn: endpoint('Step Functions'),
    output: () => output,
    token: readFileSync(join(dataDir, 'admin.token'), 'utf8').trim(),
  };
}

async function call(stack: Started, method: string, path: string, body?: unknown): Promise<Json> {
  const response = await fetch(`${stack.api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${stack.token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, ...(text && JSON.parse(text)) };
}

/** Polls until `done` holds for the operation (bounded: the e2e timeout ends a hang). */
async function operationWhen(
  stack: Started,
  operationId: string,
  done: (operation: Json) => boolean,
): Promise<Json> {
  for (;;) {
    const operation = await call(stack, 'GET', `/operations/${operationId}`);
    if (done(operation)) return operation;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The workflow records the final status a moment before it frees the key's lock: wait for both. */
async function unlocked(stack: Started, keyId: string): Promise<void> {
  while ((await call(stack, 'GET', `/keys/${keyId}`)).activeOperationId !== undefined) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const finished = (operation: Json) =>
  ['Succeeded', 'PartiallySucceeded', 'Failed'].includes(operation.status);

afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a restart after kill -9', () => {
  it('finds every key, operation and audit event again; the interrupted operation is marked and the key reconciles', async () => {
    const first = await start();
    const created = await call(first, 'POST', '/keys', {
      tenant: 'payments',
      primaryRegion: 'us-east-1',
      replicaRegions: ['eu-west-1'],
      aliases: ['alias/restart'],
    });
    expect(created.status).toBe(202);
    const keyId: string = created.key.keyId;
    expect((await operationWhen(first, created.operation.operationId, finished)).status).toBe('Succeeded');
    await unlocked(first, keyId);

    // KMS in ap-southeast-2 now answers DescribeKey after ten minutes: the next replication hangs there.
    const fault = await fetch(`${first.kms}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ region: 'ap-southeast-2', operations: ['DescribeKey'], latencyMs: 600_000 }),
    });
    expect(fault.status).toBe(200);
    const replicating = await call(first, 'POST', `/keys/${keyId}/replicas`, { regions: ['ap-southeast-2'] });
    expect(replicating.status).toBe(202);
    const interruptedId: string = replicating.operation.operationId;
    await operationWhen(first, interruptedId, (operation) => operation.status === 'Running');
    const auditBefore = await call(first, 'GET', `/keys/${keyId}/audit?limit=100`);
    expect(auditBefore.items.length).toBeGreaterThan(5);

    first.child.kill('SIGKILL');
    await once(first.child, 'exit');

    const second = await start();
    expect(second.output()).toMatch(new RegExp(`Interrupted\\s+${interruptedId}`));
    const keys = await call(second, 'GET', '/keys');
    expect(keys.items.map((key: Json) => key.keyId)).toEqual([keyId]);
    const interrupted = await call(second, 'GET', `/operations/${interruptedId}`);
    expect(interrupted).toMatchObject({ status: 'Failed', error: { code: 'Interrupted' } });
    const sfn = new SFNClient({ region: 'us-east-1', endpoint: second.sfn, credentials: STACK_CREDENTIALS });
    const execution = await sfn.send(
      new DescribeExecutionCommand({ executionArn: replicating.operation.executionArn }),
    );
    sfn.destroy();
    expect(execution.status).toBe('ABORTED');
    expect((await call(second, 'GET', `/operations/${created.operation.operationId}`)).status).toBe(
      'Succeeded',
    );

    const auditAfter = await call(second, 'GET', `/keys/${keyId}/audit?limit=100&verify=true`);
    const idsAfter = new Set(auditAfter.items.map((event: Json) => event.eventId));
    for (const event of auditBefore.items) expect(idsAfter.has(event.eventId), event.action).toBe(true);
    expect(auditAfter.items.map((event: Json) => event.action)).toContain('OperationInterrupted');
    expect(auditAfter.verification, JSON.stringify(auditAfter.verification)).toMatchObject({ valid: true });

    const reconciled = await call(second, 'POST', `/keys/${keyId}/reconcile`, {});
    expect(reconciled.status).toBe(202);
    expect((await operationWhen(second, reconciled.operation.operationId, finished)).status).toBe(
      'Succeeded',
    );
    const live = await call(second, 'GET', `/keys/${keyId}?live=true`);
    expect(Object.keys(live.regions).sort()).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
    expect(live.regions['ap-southeast-2']).toMatchObject({
      role: 'REPLICA',
      keyState: 'Enabled',
      aliases: ['alias/restart'],
    });

    // Ctrl-C stops everything cleanly.
    second.child.kill('SIGINT');
    const [code] = await once(second.child, 'exit');
    expect(code).toBe(0);
    expect(second.output()).toContain('Stopped. State is kept in');
  });
  it('a disable-first deletion cut off by kill -9 (replicas pending, the primary disabled, not scheduled) is finished by reconcile', async () => {
    const first = await start();
    const created = await call(first, 'POST', '/keys', {
      tenant: 'payments',
      primaryRegion: 'us-east-1',
      replicaRegions: ['eu-west-1', 'us-west-2'],
      aliases: ['alias/restart-deletion'],
    });
    const keyId: string = created.key.keyId;
    expect((await operationWhen(first, created.operation.operationId, finished)).status).toBe('Succeeded');
    await unlocked(first, keyId);
    // The primary's ScheduleKeyDeletion hangs (then would fail): the workflow is cut off right there.
    const fault = await fetch(`${first.kms}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        region: 'us-east-1',
        operations: ['ScheduleKeyDeletion'],
        error: 'unavailable',
        latencyMs: 600_000,
      }),
    });
    expect(fault.status).toBe(200);
    const deletion = await call(first, 'DELETE', `/keys/${keyId}?pendingWindowInDays=7&disableFirst=true`);
    expect(deletion.status).toBe(202);
    const deletionId: string = deletion.operation.operationId;
    await operationWhen(first, deletionId, (operation) =>
      ['eu-west-1', 'us-west-2'].every((region) => operation.regions?.[region]?.status === 'Succeeded'),
    );
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');

    const second = await start();
    try {
      expect(await call(second, 'GET', `/operations/${deletionId}`)).toMatchObject({
        status: 'Failed',
        error: { code: 'Interrupted' },
      });
      const drift = await call(second, 'GET', `/keys/${keyId}/drift?live=true`);
      expect(drift.findings).toEqual([
        expect.objectContaining({ kind: 'StateDrift', region: 'us-east-1', actual: 'Disabled' }),
      ]);
      const reconciled = await call(second, 'POST', `/keys/${keyId}/reconcile`, {});
      expect(reconciled.status).toBe(202);
      expect((await operationWhen(second, reconciled.operation.operationId, finished)).status).toBe(
        'Succeeded',
      );
      const live = await call(second, 'GET', `/keys/${keyId}?live=true`);
      expect(live.status).toBe('PendingDeletion');
      expect(live.regions['us-east-1'].keyState).toBe('PendingReplicaDeletion');
      for (const region of ['eu-west-1', 'us-west-2'])
        expect(live.regions[region].keyState).toBe('PendingDeletion');
      const stored = await call(second, 'GET', `/keys/${keyId}`);
      for (const region of ['us-east-1', 'eu-west-1', 'us-west-2']) {
        expect(stored.regions[region].keyState, region).toBe(live.regions[region].keyState);
      }
    } finally {
      second.child.kill('SIGINT');
      await once(second.child, 'exit');
    }
  });
});
