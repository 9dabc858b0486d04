// Progress as people read it: steps in the order they happened, full ids on terminals that report no
// width, and a failure told once per distinct error.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProgressDisplay } from '../../../cli/progress-display.js';
import { runCli } from '../../../cli/run-cli.js';
import { type FakeApi, KEY_ID, keyView, operationView, startFakeApi, testIo } from './fake-api.js';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(() => api.close());

/** A deletion as KMS saw it: both replicas scheduled before the primary (us-east-1), names not in that order. */
function deletion() {
  const at = (second: number) => `2026-01-01T00:00:0${second}.000Z`;
  const step = (second: number) => ({ status: 'Succeeded', updatedAt: at(second) });
  return operationView(
    'Succeeded',
    {},
    {
      type: 'Delete',
      regions: { 'us-east-1': step(5), 'eu-west-1': step(3), 'ap-southeast-2': step(2) },
    },
  );
}

it('prints the steps of a pipe in the order they happened, not by Region name', () => {
  let text = '';
  createProgressDisplay({ write: (chunk: string) => (text += chunk) }).finish(deletion() as never);
  const regions = text.split('\n').flatMap((line) => /^([a-z]+-[a-z]+-\d): /.exec(line)?.[1] ?? []);
  expect(regions).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
});

it('shows whole ids on a terminal that reports 0 columns', () => {
  let text = '';
  const operation = { ...deletion(), operationId: `op-${'a'.repeat(60)}` };
  createProgressDisplay({ write: (chunk: string) => (text += chunk), isTTY: true, columns: 0 }).show(
    operation as never,
  );
  expect(text).toContain(operation.operationId);
  expect(text).not.toContain('…');
});

it('tells a failure once per distinct error, naming every Region, with one full stop', async () => {
  const message = 'The workflow stopped: KMS refused the call for the job.';
  const failed = operationView(
    'Failed',
    {},
    {
      error: { code: 'KmsError', message },
      regions: Object.fromEntries(
        ['eu-west-1', 'us-west-2', 'ap-southeast-2'].map((region) => [
          region,
          { status: 'Failed', updatedAt: '2026-01-01T00:00:01.000Z', error: { code: 'KmsError', message } },
        ]),
      ),
    },
  );
  api.on('POST /keys/' + KEY_ID + '/rotations', { status: 202, body: { operation: failed } });
  api.on('GET /operations/op-1', { status: 200, body: failed });
  api.on(`GET /keys/${KEY_ID}`, { status: 200, body: keyView() });
  const io = testIo();
  expect(await runCli(['--api', api.url, '--token', 'T', 'keys', 'rotate', KEY_ID], io)).toBe(1);
  expect(io.err().split(message.slice(0, 30)).length - 1).toBe(1);
  expect(io.err()).not.toContain('..');
  expect(io.err()).toContain('Failed in eu-west-1, us-west-2, ap-southeast-2');
});
