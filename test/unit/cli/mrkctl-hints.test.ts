// The hint under each API error points at the fix for that error, not at a generic one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/run-cli.js';
import { type FakeApi, KEY_ID, startFakeApi, testIo } from './fake-api.js';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(() => api.close());

async function stderrOf(args: string[]): Promise<string> {
  const io = testIo();
  await runCli(['--api', api.url, '--token', 'T0K', ...args], io);
  return io.err();
}

const error = (status: number, code: string, message: string, details?: unknown) => ({
  status,
  body: { error: code, message, requestId: 'req-1', ...(details !== undefined && { details }) },
});

describe('hints', () => {
  it('409 for Regions that already hold members says to name new Regions, not to wait', async () => {
    api.on(
      `POST /keys/${KEY_ID}/replicas`,
      error(409, 'Conflict', `Key ${KEY_ID} already has members in eu-west-1`, { regions: ['eu-west-1'] }),
    );
    const text = await stderrOf(['keys', 'replicate', KEY_ID, 'eu-west-1']);
    expect(text).toContain('name only new Regions');
    expect(text).toContain(`mrkctl keys get ${KEY_ID}`);
    expect(text).not.toContain('wait');
  });

  it('409 for a held lock names the operation to watch', async () => {
    api.on(
      `POST /keys/${KEY_ID}/rotations`,
      error(409, 'Conflict', 'Operation op-77 holds the key', { activeOperationId: 'op-77' }),
    );
    expect(await stderrOf(['keys', 'rotate', KEY_ID])).toContain('mrkctl ops watch op-77');
  });

  it('403 for a Region outside the allowed ones points at --regions, not at the token', async () => {
    api.on(
      `POST /keys/${KEY_ID}/replicas`,
      error(403, 'Forbidden', 'Region me-south-1 is not allowed', { rule: 'allowedRegions' }),
    );
    const text = await stderrOf(['keys', 'replicate', KEY_ID, 'me-south-1']);
    expect(text).toContain('npm start -- --regions');
    expect(text).not.toContain('token');
  });

  it('403 for a role says which kind of token is needed; for a tenant, which tenant', async () => {
    api.on(
      `POST /keys/${KEY_ID}/rotations`,
      error(403, 'Forbidden', 'Your roles (viewer) do not allow changing key sets (keys:write)', {
        rule: 'role',
        permission: 'keys:write',
      }),
    );
    expect(await stderrOf(['keys', 'rotate', KEY_ID])).toContain('a role that has it');
    api.on(
      'GET /keys',
      error(403, 'Forbidden', 'You may not read keys of tenant x', { rule: 'tenantAccess' }),
    );
    expect(await stderrOf(['keys', 'list', '--tenant', 'x'])).toContain('whose `tenants` include it');
  });

  it('404 for an operation id talks about operation ids, not `keys list`', async () => {
    const text = await stderrOf(['ops', 'get', 'op-nope']);
    expect(text).toContain('NotFound (404)');
    expect(text).toContain('Check the operation id');
    expect(text).not.toContain('mrkctl keys list');
    expect(await stderrOf(['keys', 'get', KEY_ID])).toContain('mrkctl keys list');
  });
});
