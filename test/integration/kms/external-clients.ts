// Runs clients nobody here wrote (the AWS CLI, boto3) as child processes against the emulator, with
// only test credentials in their environment: no config or credentials file of this machine leaks in.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Throws a clear error when a required program is missing, so the test fails instead of passing silently. */
export function requireProgram(program: string, purpose: string): string {
  try {
    return execFileSync('which', [program], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${purpose} needs '${program}' on PATH, and it is not installed on this machine.`);
  }
}

/** Fails clearly unless `python3 -c "import boto3"` works. */
export function requireBoto3(): void {
  requireProgram('python3', 'The boto3 test');
  try {
    execFileSync('python3', ['-c', 'import boto3'], { env: isolatedEnv('us-east-1'), stdio: 'pipe' });
  } catch {
    throw new Error(
      "The boto3 test needs boto3 for this machine's python3 (`python3 -c 'import boto3'` failed).",
    );
  }
}

export function isolatedEnv(region: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(process.env.PYENV_ROOT && { PYENV_ROOT: process.env.PYENV_ROOT }),
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runProgram(
  program: string,
  args: string[],
  region: string,
  cwd?: string,
  /** Extra environment (e.g. another identity's AWS_ACCESS_KEY_ID). */
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(program, args, {
      env: { ...isolatedEnv(region), ...env },
      cwd,
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : 1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}
