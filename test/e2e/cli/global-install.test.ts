// mrkctl outside the project folder, installed as README says (a global install of the repository, which
// is what `npm link` does too): it runs from any folder, and its help never sends people to a bare
// `npx mrkctl` (outside the project npx could fetch an unrelated package of that name).
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { toolUsage } from '../../../cli/help.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let prefix: string;

beforeAll(() => {
  prefix = mkdtempSync(join(tmpdir(), 'mrkctl-global-'));
  // Offline and without scripts: a folder install links the repository, it downloads nothing.
  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', ROOT], {
    cwd: prefix,
    stdio: 'pipe',
  });
});
afterAll(() => rmSync(prefix, { recursive: true, force: true }));

it('runs from another folder once installed globally', async () => {
  const output = await new Promise<string>((resolve, reject) => {
    execFile(join(prefix, 'bin', 'mrkctl'), ['completion', 'bash'], { cwd: prefix }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
  expect(output).toContain('complete -o default -F _mrkctl mrkctl');
});

it('documents npm link and never suggests a bare `npx mrkctl` outside the project', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(readme).toContain('npm link');
  // Every `npx mrkctl` in README and in the help says it is for the project folder.
  for (const text of [readme, toolUsage()]) {
    for (const line of text.split('\n').filter((item) => item.includes('npx mrkctl'))) {
      expect(line, line).toMatch(/project|this folder|in that folder/i);
    }
  }
});
