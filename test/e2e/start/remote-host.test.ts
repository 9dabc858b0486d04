// `npm start --host` off loopback: POST /_local/token would give admin tokens to the network, so the start
// refuses unless --allow-remote-tokens says so, and then warns in its block.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

const FREE_PORTS = ['--port', '0', '--kms-port', '0', '--dynamodb-port', '0', '--sfn-port', '0'];

/** Runs npm start's script until it exits or prints its block. */
function start(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--in-memory', ...args], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
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

it('refuses --host 0.0.0.0 without --allow-remote-tokens, saying why', async () => {
  const refused = await start(['--host', '0.0.0.0', ...FREE_PORTS]);
  expect(refused.code).toBe(2);
  expect(refused.output).toContain('--host 0.0.0.0 is not a loopback address');
  expect(refused.output).toContain('POST /_local/token');
  expect(refused.output).toContain('--allow-remote-tokens');
  expect(refused.output).not.toContain('local stack is up');
});

it('starts with --allow-remote-tokens and warns in the block', async () => {
  const started = await start(['--host', '0.0.0.0', '--allow-remote-tokens', ...FREE_PORTS]);
  expect(started.code).toBeNull();
  expect(started.output).toMatch(
    /WARNING\s+listening on 0\.0\.0\.0: POST \/_local\/token gives admin tokens/,
  );
});
