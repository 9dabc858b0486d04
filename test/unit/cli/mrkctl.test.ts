// mrkctl against a fake REST API: tables and JSON, the exit code of each failure, flags turned into requests.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/run-cli.js';
import { type FakeApi, KEY_ID, keyView, operationView, startFakeApi, testIo } from './fake-api.js';

let api: FakeApi;
const dirs: string[] = [];
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(async () => {
  await api.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  api.requests.length = 0;
});

const run = (args: string[], io = testIo()) => runCli(['--api', api.url, '--token', 'T0K', ...args], io);

describe('reading', () => {
  it('lists keys as a table and as JSON, sending the bearer token and the filters', async () => {
    api.on('GET /keys', { status: 200, body: { items: [keyView()] } });
    const io = testIo();
    expect(await run(['keys', 'list', '--tenant', 'payments'], io)).toBe(0);
    expect(io.out()).toMatch(/^KEY ID\s+TENANT\s+STATUS\s+PRIMARY\s+REGIONS/);
    expect(io.out()).toContain(`${KEY_ID}  payments  Active  us-east-1  2`);
    expect(api.requests[0]?.headers.authorization).toBe('Bearer T0K');
    expect(api.requests[0]?.query).toEqual({ tenant: 'payments' });

    const jsonIo = testIo();
    expect(await run(['keys', 'list', '--json'], jsonIo)).toBe(0);
    expect(JSON.parse(jsonIo.out())).toEqual({ items: [keyView()] });
  });

  it('follows every page with --all', async () => {
    api.on(
      'GET /keys',
      { status: 200, body: { items: [keyView()], nextToken: 'p2' } },
      { status: 200, body: { items: [keyView({ keyId: 'mrk-00000000000000000000000000000002' })] } },
    );
    const io = testIo();
    expect(await run(['keys', 'list', '--all', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out()).items).toHaveLength(2);
    expect(api.requests[1]?.query.nextToken).toBe('p2');
  });

  it('shows one key with a line per Region, and reads KMS with --live', async () => {
    api.on(`GET /keys/${KEY_ID}`, { status: 200, body: keyView() });
    const io = testIo();
    expect(await run(['keys', 'get', KEY_ID, '--live'], io)).toBe(0);
    expect(io.out()).toMatch(/Key:\s+mrk-1234/);
    expect(io.out()).toMatch(/eu-west-1\s+REPLICA\s+Enabled\s+alias\/payments/);
    expect(api.requests[0]?.query).toEqual({ live: 'true' });
  });

  it('reads drift live by default and points at reconcile when drifted', async () => {
    api.on(`GET /keys/${KEY_ID}/drift`, {
      status: 200,
      body: {
        status: 'Drifted',
        live: true,
        scannedAt: '2026-01-01T00:00:00.000Z',
        findings: [
          {
            kind: 'PropertyDrift',
            keyId: KEY_ID,
            region: 'eu-west-1',
            expected: ['alias/payments'],
            actual: [],
            severity: 'high',
            remediable: true,
            remedy: 'sync',
            message: 'alias/payments is missing',
          },
        ],
      },
    });
    const io = testIo();
    expect(await run(['keys', 'drift', KEY_ID], io)).toBe(0);
    expect(api.requests[0]?.query).toEqual({ live: 'true' });
    expect(io.out()).toMatch(/eu-west-1\s+PropertyDrift\s+high\s+yes\s+alias\/payments is missing/);
    expect(io.out()).toContain(`mrkctl keys reconcile ${KEY_ID}`);
  });

  it('shows the audit trail and exits 1 when the chain does not verify', async () => {
    const event = {
      eventId: 'e1',
      keyId: KEY_ID,
      writerRegion: 'us-east-1',
      at: '2026-01-01T00:00:00.000Z',
      actor: 'admin',
      action: 'CreateKey',
      region: 'us-east-1',
      requestId: 'r1',
      result: 'Succeeded',
      sequence: 1,
      prevHash: '0',
      hash: 'abcdef0123456789',
    };
    const chains = [
      { keyId: KEY_ID, writerRegion: 'us-east-1', length: 1, firstSequence: 1, headHash: 'abc' },
    ];
    api.on(`GET /keys/${KEY_ID}/audit`, {
      status: 200,
      body: { items: [event], verification: { valid: true, chains, brokenCount: 0 } },
    });
    const io = testIo();
    expect(await run(['audit', KEY_ID, '--verify'], io)).toBe(0);
    expect(api.requests[0]?.query).toEqual({ verify: 'true' });
    expect(io.out()).toMatch(/CreateKey\s+us-east-1\s+Succeeded\s+admin/);
    expect(io.out()).toContain('Chain verified: 1 chain(s), 1 event(s)');

    api.on(`GET /keys/${KEY_ID}/audit`, {
      status: 200,
      body: {
        items: [event],
        verification: { valid: false, chains, brokenCount: 1, firstBroken: { sequence: 1 } },
      },
    });
    const broken = testIo();
    expect(await run(['audit', KEY_ID, '--verify'], broken)).toBe(1);
    expect(broken.out()).toContain('Chain BROKEN');
    expect(broken.err()).toContain('does not verify');
  });

  it('reports the signed digests: verified, or each problem by name with exit 1 (a cut tail links fine)', async () => {
    const chains = [
      { keyId: KEY_ID, writerRegion: 'us-east-1', length: 3, firstSequence: 1, headHash: 'abc' },
    ];
    const latest = { sequence: 7, createdAt: '2026-01-01T07:00:00.000Z', chainCount: 4 };
    api.on(`GET /keys/${KEY_ID}/audit`, {
      status: 200,
      body: {
        items: [],
        verification: {
          valid: true,
          chains,
          brokenCount: 0,
          digests: { valid: true, digestCount: 7, latest, checkedHeads: 1, problems: [], warnings: [] },
        },
      },
    });
    const io = testIo();
    expect(await run(['audit', KEY_ID, '--verify'], io)).toBe(0);
    expect(io.out()).toContain('Digests verified: 7 signed digest(s), newest #7 at 2026-01-01T07:00:00.000Z');

    const cut = {
      kind: 'ChainCut',
      message: `The audit chain of ${KEY_ID} (us-east-1) no longer reaches sequence 5, the head digest 7 recorded: its tail was cut`,
      keyId: KEY_ID,
      recordedSequence: 5,
    };
    api.on(`GET /keys/${KEY_ID}/audit`, {
      status: 200,
      body: {
        items: [],
        verification: {
          valid: false,
          chains,
          brokenCount: 0,
          digests: { valid: false, digestCount: 7, latest, checkedHeads: 1, problems: [cut], warnings: [] },
        },
      },
    });
    const broken = testIo();
    expect(await run(['audit', KEY_ID, '--verify'], broken)).toBe(1);
    expect(broken.out()).toContain('Chain verified: 1 chain(s), 3 event(s), no broken link.');
    expect(broken.out()).toContain(`Digests FAILED: 1 problem(s).\n  ChainCut: ${cut.message}`);
    expect(broken.err()).toContain('the signed audit digests do not verify');
  });
});

describe('exit codes', () => {
  it.each([
    [404, 'NotFound', 3],
    [409, 'Conflict', 4],
    [412, 'PreconditionFailed', 4],
    [422, 'IdempotencyKeyMismatch', 4],
    [401, 'Unauthorized', 5],
    [403, 'Forbidden', 5],
    [400, 'ValidationError', 2],
    [503, 'DependencyError', 1],
    [500, 'InternalError', 1],
  ])('an API %i (%s) exits %i with the message and a hint', async (status, code, exit) => {
    api.on(`GET /keys/${KEY_ID}`, {
      status,
      body: { error: code, message: `the ${code} message`, requestId: 'req-9' },
    });
    const io = testIo();
    expect(await run(['keys', 'get', KEY_ID], io)).toBe(exit);
    expect(io.err()).toContain(`${code} (${status}): the ${code} message`);
    expect(io.err()).toContain('(request id req-9)');
    expect(io.out()).toBe('');
  });

  it('gives a JSON error on stderr with --json', async () => {
    api.on(`GET /keys/${KEY_ID}`, {
      status: 404,
      body: { error: 'NotFound', message: 'gone', requestId: 'r' },
    });
    const io = testIo();
    expect(await run(['keys', 'get', KEY_ID, '--json'], io)).toBe(3);
    expect(JSON.parse(io.err())).toMatchObject({
      error: 'NotFound',
      message: 'gone',
      status: 404,
      exitCode: 3,
    });
  });

  it('exits 2 for usage errors and changes nothing', async () => {
    const cases = [
      ['keys'],
      ['keys', 'frobnicate'],
      ['frobnicate'],
      ['keys', 'get'],
      ['keys', 'list', '--bogus'],
      ['keys', 'create', '--primary-region', 'us-east-1'],
      ['keys', 'create', '--tenant', 'p', '--primary-region', 'us-east-1', '--tag', 'novalue'],
      ['keys', 'delete', KEY_ID, '--window', '3'],
      ['keys', 'replicate', KEY_ID],
    ];
    for (const args of cases) {
      const io = testIo();
      expect(await run(args, io), args.join(' ')).toBe(2);
      expect(io.err(), args.join(' ')).toMatch(/^mrkctl: .+\n\s+.*--help|^mrkctl: /);
    }
    expect(api.requests).toHaveLength(0);
  });

  it('exits 1 with what to do when the API cannot be reached', async () => {
    const io = testIo();
    expect(await runCli(['--api', 'http://127.0.0.1:9', 'keys', 'list'], io)).toBe(1);
    expect(io.err()).toContain('Cannot reach the API at http://127.0.0.1:9');
    expect(io.err()).toContain('npm start');
  });

  it('prints usage for --help at every level', async () => {
    const top = testIo();
    expect(await runCli(['--help'], top)).toBe(0);
    expect(top.out()).toContain('keys cancel-deletion');
    expect(top.out()).toContain('Exit codes: 0 ok');
    const group = testIo();
    expect(await runCli(['keys', '--help'], group)).toBe(0);
    expect(group.out()).toContain('Usage: mrkctl keys <command>');
    expect(group.out()).not.toContain('ops watch');
    const one = testIo();
    expect(await runCli(['keys', 'create', '--help'], one)).toBe(0);
    expect(one.out()).toContain('--primary-region R');
  });
});

describe('operations', () => {
  it('creates a key with --no-wait: the request body from the flags, an Idempotency-Key, the operation id', async () => {
    api.on('POST /keys', {
      status: 202,
      body: { key: keyView(), operation: operationView('Running', {}, { type: 'Provision' }) },
    });
    const io = testIo();
    const code = await run(
      [
        'keys',
        'create',
        '--tenant',
        'payments',
        '--primary-region',
        'us-east-1',
        '--replica',
        'eu-west-1,us-west-2',
        '--replica',
        'ap-southeast-2',
        '--alias',
        'alias/payments',
        '--tag',
        'team=payments',
        '--tag',
        'env=dev',
        '--rotation-period',
        '180',
        '--no-wait',
      ],
      io,
    );
    expect(code).toBe(0);
    const request = api.requests[0]!;
    expect(request.body).toEqual({
      tenant: 'payments',
      primaryRegion: 'us-east-1',
      replicaRegions: ['eu-west-1', 'us-west-2', 'ap-southeast-2'],
      aliases: ['alias/payments'],
      tags: { team: 'payments', env: 'dev' },
      rotation: { enabled: true, periodInDays: 180 },
    });
    expect(request.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(io.out()).toContain(`Created ${KEY_ID}`);
    expect(io.out()).toContain('mrkctl ops watch op-1');
  });

  it('waits with a line per change when stdout is not a terminal, and exits 0 on success', async () => {
    api.on(`POST /keys/${KEY_ID}/replicas`, {
      status: 202,
      body: { operation: operationView('Pending', {}) },
    });
    api.on(
      'GET /operations/op-1',
      { status: 200, body: operationView('Running', { 'eu-west-2': 'Running', 'us-west-2': 'Pending' }) },
      { status: 200, body: operationView('Running', { 'eu-west-2': 'Succeeded', 'us-west-2': 'Running' }) },
      {
        status: 200,
        body: operationView('Succeeded', { 'eu-west-2': 'Succeeded', 'us-west-2': 'Succeeded' }),
      },
    );
    const io = testIo();
    expect(await run(['keys', 'replicate', KEY_ID, 'eu-west-2', '--region', 'us-west-2'], io)).toBe(0);
    expect(api.requests[0]?.body).toEqual({ regions: ['eu-west-2', 'us-west-2'] });
    const lines = io.out().trim().split('\n');
    expect(lines).toEqual([
      `Replicating ${KEY_ID} to eu-west-2, us-west-2.`,
      'operation op-1 (Replicate): Running',
      'eu-west-2: Running',
      'us-west-2: Pending',
      'eu-west-2: Succeeded',
      'us-west-2: Running',
      'us-west-2: Succeeded',
      'operation op-1 (Replicate): Succeeded',
    ]);
    expect(io.out()).not.toContain('\x1b[');
  });

  it('after the operation ends, waits until the key lock is released so the next command does not meet a 409', async () => {
    api.on(`POST /keys/${KEY_ID}/rotations`, {
      status: 202,
      body: { operation: operationView('Pending', {}, { type: 'Rotate' }) },
    });
    api.on('GET /operations/op-1', {
      status: 200,
      body: operationView('Succeeded', { 'us-east-1': 'Succeeded' }, { type: 'Rotate' }),
    });
    api.on(
      `GET /keys/${KEY_ID}`,
      { status: 200, body: keyView({ activeOperationId: 'op-1' }) },
      { status: 200, body: keyView({ activeOperationId: 'op-1' }) },
      { status: 200, body: keyView() },
    );
    expect(await run(['keys', 'rotate', KEY_ID])).toBe(0);
    expect(api.requests.filter((request) => request.path === `/keys/${KEY_ID}`)).toHaveLength(3);
  });

  it('redraws one line per Region on a terminal, and exits 1 naming the failed Region', async () => {
    api.on(`POST /keys/${KEY_ID}/primary`, {
      status: 202,
      body: { operation: operationView('Pending', {}, { type: 'Promote' }) },
    });
    api.on(
      'GET /operations/op-1',
      { status: 200, body: operationView('Running', { 'eu-west-1': 'Running' }, { type: 'Promote' }) },
      {
        status: 200,
        body: operationView(
          'Failed',
          { 'eu-west-1': 'Failed' },
          {
            type: 'Promote',
            error: { code: 'KMSInvalidStateException', message: 'not Enabled' },
          },
        ),
      },
    );
    const io = testIo({ tty: true });
    expect(await run(['keys', 'promote', KEY_ID, 'eu-west-1'], io)).toBe(1);
    expect(io.out()).toContain('\x1b[2A');
    expect(io.out()).toMatch(/✖ eu-west-1\s+Failed/);
    expect(io.err()).toContain('ended Failed. KMSInvalidStateException: not Enabled');
    expect(io.err()).toContain('Failed in eu-west-1');
  });

  it('updates against the current desired state with If-Match', async () => {
    api.on(`GET /keys/${KEY_ID}`, { status: 200, body: keyView() });
    api.on(`PATCH /keys/${KEY_ID}`, {
      status: 202,
      body: { operation: operationView('Running', {}, { type: 'UpdateProperties' }) },
    });
    const io = testIo();
    const code = await run(
      [
        'keys',
        'update',
        KEY_ID,
        '--tag',
        'env=prod',
        '--remove-tag',
        'team',
        '--alias',
        'alias/more',
        '--no-wait',
        '--json',
      ],
      io,
    );
    expect(code).toBe(0);
    const patch = api.requests.find((request) => request.method === 'PATCH')!;
    expect(patch.body).toEqual({ aliases: ['alias/payments', 'alias/more'], tags: { env: 'prod' } });
    expect(patch.headers['if-match']).toBe('"3"');
    expect(JSON.parse(io.out()).operation.type).toBe('UpdateProperties');
  });

  it('sends deletion settings as the query and a replica deletion to its own route', async () => {
    api.on(`DELETE /keys/${KEY_ID}`, {
      status: 202,
      body: { operation: operationView('Running', {}, { type: 'Delete' }) },
    });
    api.on(`DELETE /keys/${KEY_ID}/replicas/eu-west-1`, {
      status: 202,
      body: {
        operation: operationView('Succeeded', { 'eu-west-1': 'Succeeded' }, { type: 'DeleteReplica' }),
      },
    });
    expect(await run(['keys', 'delete', KEY_ID, '--window', '7', '--disable-first', '--no-wait'])).toBe(0);
    expect(api.requests[0]?.query).toEqual({ pendingWindowInDays: '7', disableFirst: 'true' });
    expect(await run(['keys', 'delete', KEY_ID, '--replica', 'eu-west-1', '--no-wait'])).toBe(0);
    expect(api.requests[1]?.path).toBe(`/keys/${KEY_ID}/replicas/eu-west-1`);
  });
});

describe('login and configuration', () => {
  it('login --local stores the local token and API URL; later commands use them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mrkctl-'));
    dirs.push(dir);
    const dataDir = join(dir, 'data');
    const config = join(dir, 'config.json');
    mkdirSync(dataDir);
    const payload = Buffer.from(
      JSON.stringify({ sub: 'local-admin', roles: ['admin'], exp: 2_000_000_000 }),
    ).toString('base64url');
    writeFileSync(join(dataDir, 'admin.token'), `h.${payload}.s\n`);
    writeFileSync(join(dataDir, 'local-stack.json'), JSON.stringify({ endpoints: { api: api.url } }));
    const env = { MRKCTL_CONFIG: config };
    const io = testIo({ env, cwd: dir });
    // login checks the token with one authenticated read before saving it.
    api.on('GET /keys', { status: 200, body: { items: [] } });
    expect(await runCli(['login', '--local', '--data-dir', 'data'], io)).toBe(0);
    expect(io.out()).toContain(`Logged in to ${api.url} as local-admin (admin)`);
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({ api: api.url, token: `h.${payload}.s` });

    api.on('GET /keys', { status: 200, body: { items: [] } });
    const list = testIo({ env });
    expect(await runCli(['keys', 'list'], list)).toBe(0);
    expect(list.out()).toBe('No keys.\n');
    expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer h.${payload}.s`);

    // MRK_TOKEN overrides the stored token, --token overrides both.
    await runCli(['keys', 'list'], testIo({ env: { ...env, MRK_TOKEN: 'from-env' } }));
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer from-env');
    await runCli(
      ['keys', 'list', '--token', 'from-flag'],
      testIo({ env: { ...env, MRK_TOKEN: 'from-env' } }),
    );
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer from-flag');
  });

  it('login --local without a running stack says to start it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mrkctl-'));
    dirs.push(dir);
    const io = testIo({ env: { MRKCTL_CONFIG: join(dir, 'c') }, cwd: dir });
    expect(await runCli(['login', '--local'], io)).toBe(1);
    expect(io.err()).toContain('No admin token in');
    expect(io.err()).toContain('npm start');
  });
});
