// `npm run demo -- --api URL` against a stack the demo did not start: the story runs to its end, but the
// emulator clock (shared, and persisted) is not moved unless --advance-clock asks for it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../local/stack.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    ports: { kms: 0, dynamodb: 0, stepFunctions: 0, api: 0 },
    waitScale: 0,
    creatingMs: 0,
    updatingMs: 0,
  });
});
afterAll(() => stack?.close());

async function emulatorTime(): Promise<number> {
  const health = (await (await fetch(`${stack.endpoints.kms}/_emulator/health`)).json()) as { time: string };
  return Date.parse(health.time);
}

function demo(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const options = { cwd: ROOT, env: { ...process.env, MRK_TOKEN: '' }, timeout: 170_000 };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'local/demo/main.ts', ...args],
      options,
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
          stdout,
          stderr,
        }),
    );
  });
}

it('leaves the clock of a stack it did not start alone, and says so', async () => {
  const before = await emulatorTime();
  const run = await demo([
    '--api',
    stack.endpoints.api,
    '--token',
    stack.adminToken,
    '--kms',
    stack.endpoints.kms,
    '--data-dir',
    '/nonexistent',
  ]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('It will not move the clock of that stack');
  expect(run.stdout).toContain('leaves its clock alone');
  expect(run.stdout).toContain('The demo is complete.');
  // Real time only (well under an hour), not the 14 days the deletions would need.
  expect((await emulatorTime()) - before).toBeLessThan(3600_000);
});
