// `npm start`'s script (local/start.ts) as a child process on an in-memory stack: resolves once it printed
// its block (code null) or exited (its code), with everything it wrote.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const FREE_PORTS = ['--port', '0', '--kms-port', '0', '--dynamodb-port', '0', '--sfn-port', '0'];

export interface NpmStart {
  readonly code: number | null;
  readonly output: string;
}

export function npmStartInMemory(args: readonly string[], children: ChildProcess[]): Promise<NpmStart> {
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
