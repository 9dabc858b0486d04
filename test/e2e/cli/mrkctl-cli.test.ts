// mrkctl as a child process against a local stack: login --local, tables and JSON, live progress lines
// on a pipe, and the exit code of each kind of failure.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../local/stack.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'mrkctl.js');
const UNKNOWN_KEY = 'mrk-00000000000000000000000000000000';

let stack: LocalStack;
let dir: string;
let keyId: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs mrkctl with only the config file from `login` (no MRK_* variables), from the project folder. */
function mrkctl(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: dir, MRKCTL_CONFIG: join(dir, 'mrkctl.json'), ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mrkctl-e2e-'));
  stack = await startLocalStack({
    dataDir: join(dir, 'data'),
    ports: { kms: 0, dynamodb: 0, stepFunctions: 0, api: 0 },
    waitScale: 0,
    creatingMs: 0,
    updatingMs: 0,
  });
  const login = await mrkctl(['login', '--local', '--data-dir', join(dir, 'data')]);
  expect(login.stderr).toBe('');
  expect(login.code).toBe(0);
  expect(login.stdout).toContain(`Logged in to ${stack.endpoints.api} as local-admin (admin)`);
});

afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('mrkctl against the local stack', () => {
  it('creates a key set and prints the finished operation as JSON', async () => {
    const run = await mrkctl([
      'keys',
      'create',
      '--tenant',
      'payments',
      '--primary-region',
      'us-east-1',
      '--replica',
      'eu-west-1',
      '--alias',
      'alias/cli-e2e',
      '--tag',
      'team=payments',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const operation = JSON.parse(run.stdout);
    expect(operation).toMatchObject({ type: 'Provision', status: 'Succeeded' });
    expect(Object.keys(operation.regions).sort()).toEqual(['eu-west-1', 'us-east-1']);
    keyId = operation.keyId;
    expect(keyId).toMatch(/^mrk-[0-9a-f]{32}$/);
  });

  it('lists keys as a table and shows one key as JSON', async () => {
    const [list, get] = await Promise.all([
      mrkctl(['keys', 'list']),
      mrkctl(['keys', 'get', keyId, '--live', '--json']),
    ]);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(
      /^KEY ID\s+TENANT\s+STATUS\s+PRIMARY\s+REGIONS\s+SPEC\s+ALIASES$/,
    );
    expect(list.stdout).toMatch(
      new RegExp(`${keyId}\\s+payments\\s+Active\\s+us-east-1\\s+2\\s+SYMMETRIC_DEFAULT\\s+alias/cli-e2e`),
    );
    expect(get.code).toBe(0);
    const key = JSON.parse(get.stdout);
    expect(key.regions['eu-west-1']).toMatchObject({
      role: 'REPLICA',
      keyState: 'Enabled',
      aliases: ['alias/cli-e2e'],
    });
  });

  it('replicates with one progress line per change when stdout is a pipe', async () => {
    const run = await mrkctl(['keys', 'replicate', keyId, 'us-west-2']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(`Replicating ${keyId} to us-west-2.`);
    expect(lines).toContain('us-west-2: Succeeded (Created the replica)');
    expect(lines.at(-1)).toMatch(/^operation op-\S+ \(Replicate\): Succeeded$/);
    expect(run.stdout).not.toContain('\x1b[');
    const live = JSON.parse((await mrkctl(['keys', 'get', keyId, '--live', '--json'])).stdout);
    expect(live.regions['us-west-2']).toMatchObject({ role: 'REPLICA', keyState: 'Enabled' });
  });

  it('shows the audit trail with its chain verified', async () => {
    const run = await mrkctl(['audit', keyId, '--verify', '--all']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/CreateKey\s+us-east-1\s+Succeeded\s+local-admin/);
    expect(run.stdout).toMatch(/Chain verified: 1 chain\(s\), \d+ event\(s\), no broken link/);
  });

  it('exits 3 for an unknown key, 4 for a conflict or a stale version, 2 for bad usage', async () => {
    const [missing, conflict, stale, usage, badRegion] = await Promise.all([
      mrkctl(['keys', 'get', UNKNOWN_KEY]),
      mrkctl(['keys', 'promote', keyId, 'us-east-1']),
      mrkctl(['keys', 'update', keyId, '--description', 'x', '--if-match', '999']),
      mrkctl(['keys', 'frobnicate']),
      mrkctl(['keys', 'replicate', keyId, 'not-a-region']),
    ]);
    expect([missing.code, conflict.code, stale.code, usage.code, badRegion.code]).toEqual([3, 4, 4, 2, 2]);
    expect(missing.stderr).toContain('NotFound (404)');
    expect(conflict.stderr).toContain('Conflict (409)');
    expect(stale.stderr).toContain('PreconditionFailed (412)');
    expect(usage.stderr).toContain('Unknown command "keys frobnicate"');
    expect(badRegion.stderr).toContain('ValidationError (400)');
  });

  it('exits 5 for a bad token or a role that may not write, 1 when the API is down', async () => {
    const viewer = await stack.issuer.issueToken({ sub: 'vic', tenants: ['payments'], roles: ['viewer'] });
    const [badToken, denied, down] = await Promise.all([
      mrkctl(['keys', 'list', '--token', 'not-a-jwt']),
      mrkctl(['keys', 'rotate', keyId], { MRK_TOKEN: viewer }),
      mrkctl(['keys', 'list', '--api', 'http://127.0.0.1:1']),
    ]);
    expect(badToken.code).toBe(5);
    expect(badToken.stderr).toContain('mrkctl login --local');
    expect(denied.code).toBe(5);
    expect(denied.stderr).toContain('Forbidden (403)');
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Cannot reach the API');
  });

  it('keys get right after keys rotate shows the new material (not only --live)', async () => {
    const rotated = await mrkctl(['keys', 'rotate', keyId]);
    expect(rotated.code, rotated.stderr).toBe(0);
    const [stored, live] = await Promise.all([
      mrkctl(['keys', 'get', keyId, '--json']),
      mrkctl(['keys', 'get', keyId, '--live', '--json']),
    ]);
    const materials = (run: Run) =>
      Object.fromEntries(
        Object.entries(
          JSON.parse(run.stdout).regions as Record<string, { currentKeyMaterialId: string }>,
        ).map(([region, member]) => [region, member.currentKeyMaterialId]),
      );
    expect(Object.keys(materials(live)).length).toBeGreaterThan(1);
    expect(materials(stored)).toEqual(materials(live));
  });

  it('an update that changes nothing starts no operation and keeps the version', async () => {
    const before = JSON.parse((await mrkctl(['keys', 'get', keyId, '--json'])).stdout);
    const [sameTag, goneAlias] = [
      await mrkctl(['keys', 'update', keyId, '--tag', 'team=payments']),
      await mrkctl(['keys', 'update', keyId, '--remove-alias', 'alias/not-there']),
    ];
    for (const run of [sameTag, goneAlias]) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('Nothing to change');
      expect(run.stdout).toContain('no operation started');
    }
    const after = JSON.parse((await mrkctl(['keys', 'get', keyId, '--json'])).stdout);
    expect(after.version).toBe(before.version);
    const operations = await fetch(`${stack.endpoints.api}/keys/${keyId}/operations?limit=100`, {
      headers: { authorization: `Bearer ${stack.adminToken}` },
    }).then((response) => response.json() as Promise<{ items: { type: string }[] }>);
    expect(operations.items.filter((operation) => operation.type === 'UpdateProperties')).toEqual([]);
  });

  it('keys drift --stored shows the live check that came before it', async () => {
    const live = JSON.parse((await mrkctl(['keys', 'drift', keyId, '--json'])).stdout);
    const stored = await mrkctl(['keys', 'drift', keyId, '--stored']);
    expect(stored.code).toBe(0);
    expect(stored.stdout).toContain(`Drift of ${keyId}: ${live.status}, scanned `);
    expect(stored.stdout).not.toContain('Unknown');
  });

  it('login refuses a token the API rejects and keeps the saved one', async () => {
    const bogus = await mrkctl(['login', '--api', stack.endpoints.api, '--token', 'bogus']);
    expect(bogus.code).toBe(5);
    expect(bogus.stdout).not.toContain('Logged in');
    expect(bogus.stderr).toContain('does not accept this token');
    expect((await mrkctl(['keys', 'list'])).code).toBe(0);
  });

  it('hints at the fix: members already there, a role that lacks the permission', async () => {
    const viewer = await stack.issuer.issueToken({ sub: 'vic', tenants: ['payments'], roles: ['viewer'] });
    const [existing, denied] = await Promise.all([
      mrkctl(['keys', 'replicate', keyId, 'eu-west-1']),
      mrkctl(['audit', '--day', '2026-01-01'], { MRK_TOKEN: viewer }),
    ]);
    expect(existing.code).toBe(4);
    expect(existing.stderr).toContain('name only new Regions');
    expect(denied.code).toBe(5);
    expect(denied.stderr).toContain('reading the fleet-wide audit trail (audit:fleet)');
    expect(denied.stderr).not.toContain('getFleetAudit');
  });

  it('prints usage for --help', async () => {
    const [top, keys] = await Promise.all([mrkctl(['--help']), mrkctl(['keys', '--help'])]);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Usage: mrkctl <command>');
    expect(keys.code).toBe(0);
    expect(keys.stdout).toContain('keys reconcile');
  });
});
