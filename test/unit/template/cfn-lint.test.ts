// template.yaml must pass cfn-lint with no error or warning (CI also runs cfn-lint on its own).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './template-model.js';

describe('cfn-lint', () => {
  it('finds nothing to report in template.yaml', () => {
    const run = spawnSync('cfn-lint', ['template.yaml'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const error = run.error as NodeJS.ErrnoException | undefined;
    if (error?.code === 'ENOENT') {
      expect.fail(
        'cfn-lint is not installed: install it (pip install cfn-lint) so the template can be checked',
      );
    }
    if (error !== undefined) throw error;
    const report = `${run.stdout}${run.stderr}`.trim();
    expect(report, `cfn-lint exited ${run.status}:\n${report}`).toBe('');
    expect(run.status).toBe(0);
  }, 120_000);
});
