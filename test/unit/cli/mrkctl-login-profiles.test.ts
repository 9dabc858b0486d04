// login checks the token before saving it; --profile keeps several API/token pairs in one config file.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/run-cli.js';
import { type FakeApi, startFakeApi, testIo } from './fake-api.js';

let api: FakeApi;
let other: FakeApi;
let dir: string;
let config: string;
beforeAll(async () => {
  [api, other] = await Promise.all([startFakeApi(), startFakeApi()]);
});
afterAll(async () => {
  await Promise.all([api.close(), other.close()]);
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mrkctl-login-'));
  config = join(dir, 'config.json');
  api.requests.length = 0;
  other.requests.length = 0;
  return () => rmSync(dir, { recursive: true, force: true });
});

const unauthorized = {
  status: 401,
  body: { error: 'Unauthorized', message: 'A valid bearer token is required' },
};

describe('login checks the token first', () => {
  it('refuses a token the API rejects (exit 5) and saves nothing', async () => {
    api.on('GET /keys', (request) =>
      request.headers.authorization === 'Bearer good' ? { status: 200, body: { items: [] } } : unauthorized,
    );
    const io = testIo({ env: { MRKCTL_CONFIG: config } });
    expect(await runCli(['login', '--api', api.url, '--token', 'bogus'], io)).toBe(5);
    expect(io.out()).not.toContain('Logged in');
    expect(io.err()).toContain('does not accept this token');
    expect(existsSync(config)).toBe(false);
    expect(api.requests[0]).toMatchObject({ method: 'GET', path: '/keys', query: { limit: '1' } });

    const good = testIo({ env: { MRKCTL_CONFIG: config } });
    expect(await runCli(['login', '--api', api.url, '--token', 'good'], good)).toBe(0);
    expect(good.out()).toContain(`Logged in to ${api.url}`);
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({ api: api.url, token: 'good' });
  });

  it('accepts a verified token whose roles may not list keys (403), and refuses an unreachable API', async () => {
    api.on('GET /keys', { status: 403, body: { error: 'Forbidden', message: 'no keys:read' } });
    expect(
      await runCli(
        ['login', '--api', api.url, '--token', 'auditor'],
        testIo({ env: { MRKCTL_CONFIG: config } }),
      ),
    ).toBe(0);
    const down = testIo({ env: { MRKCTL_CONFIG: join(dir, 'other.json') } });
    expect(await runCli(['login', '--api', 'http://127.0.0.1:1', '--token', 't'], down)).toBe(1);
    expect(down.err()).toContain('nothing was saved');
    expect(existsSync(join(dir, 'other.json'))).toBe(false);
  });
});

describe('--profile', () => {
  it('keeps named API/token pairs beside the default one and uses the one asked for', async () => {
    api.on('GET /keys', { status: 200, body: { items: [] } });
    other.on('GET /keys', { status: 200, body: { items: [] } });
    const env = { MRKCTL_CONFIG: config };
    expect(await runCli(['login', '--api', api.url, '--token', 'dev-token'], testIo({ env }))).toBe(0);
    const saved = testIo({ env });
    expect(
      await runCli(['login', '--profile', 'prod', '--api', other.url, '--token', 'prod-token'], saved),
    ).toBe(0);
    expect(saved.out()).toContain('as profile prod');
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({
      api: api.url,
      token: 'dev-token',
      profiles: { prod: { api: other.url, token: 'prod-token' } },
    });
    api.requests.length = 0;
    other.requests.length = 0;

    expect(await runCli(['keys', 'list'], testIo({ env }))).toBe(0);
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer dev-token');
    expect(await runCli(['keys', 'list', '--profile', 'prod'], testIo({ env }))).toBe(0);
    expect(other.requests.at(-1)?.headers.authorization).toBe('Bearer prod-token');
    // MRK_PROFILE selects it too; a named profile wins over MRK_API_URL/MRK_TOKEN, --token over it.
    expect(
      await runCli(['keys', 'list'], testIo({ env: { ...env, MRK_PROFILE: 'prod', MRK_TOKEN: 'env' } })),
    ).toBe(0);
    expect(other.requests.at(-1)?.headers.authorization).toBe('Bearer prod-token');
    expect(await runCli(['keys', 'list', '--profile', 'prod', '--token', 'flag'], testIo({ env }))).toBe(0);
    expect(other.requests.at(-1)?.headers.authorization).toBe('Bearer flag');
  });

  it('names the known profiles when asked for an unknown one (exit 2)', async () => {
    writeFileSync(config, JSON.stringify({ profiles: { prod: { api: api.url, token: 't' } } }));
    const io = testIo({ env: { MRKCTL_CONFIG: config } });
    expect(await runCli(['keys', 'list', '--profile', 'staging'], io)).toBe(2);
    expect(io.err()).toContain('No profile "staging"');
    expect(io.err()).toContain('Known profiles: prod');
  });
});
