// `keys update` that changes nothing: the API answers 200 with no operation, and mrkctl says so.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../../cli/run-cli.js';
import { type FakeApi, KEY_ID, keyView, startFakeApi, testIo } from './fake-api.js';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(() => api.close());

it('prints "nothing to change" and follows no operation', async () => {
  api.on(`GET /keys/${KEY_ID}`, { status: 200, body: keyView() });
  api.on(`PATCH /keys/${KEY_ID}`, {
    status: 200,
    body: { key: keyView(), unchanged: true, message: `Nothing to change: ${KEY_ID} already is so` },
  });
  const io = testIo();
  const code = await runCli(
    ['--api', api.url, '--token', 'T', 'keys', 'update', KEY_ID, '--tag', 'env=dev'],
    io,
  );
  expect(io.err()).toBe('');
  expect(code).toBe(0);
  expect(io.out()).toBe(`Nothing to change: ${KEY_ID} already is so; no operation started (version 3).\n`);
  expect(api.requests.map((request) => request.method)).toEqual(['GET', 'PATCH']);
});
