// `npm start --host` off loopback: POST /_local/token would give admin tokens to the network, so the start
// refuses unless --allow-remote-tokens says so, and then warns in its block.
import type { ChildProcess } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { FREE_PORTS, npmStartInMemory } from '../../helpers/npm-start.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

const start = (args: string[]) => npmStartInMemory(args, children);

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
