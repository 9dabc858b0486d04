// The local stack in a child process, so a crash is a real kill -9: nothing flushed, nothing cleaned up.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface StackEndpoints {
  readonly api: string;
  readonly kms: string;
  readonly dynamodb: string;
  readonly stepFunctions: string;
  readonly token: string;
}

export interface StackProcess {
  /** The endpoints of the running process (they change at every start: ports are free ones). */
  readonly endpoints: StackEndpoints;
  /** SIGKILL, then a new process on the same data folder. */
  crashAndRestart(): Promise<void>;
  /** SIGTERM: a clean stop. */
  stop(): Promise<void>;
}

export async function startStackProcess(options: {
  readonly dataDir: string;
  readonly regions: readonly string[];
  readonly idempotencyLeaseMs: number;
}): Promise<StackProcess> {
  let child: ChildProcess;
  let endpoints: StackEndpoints;
  const launch = async () => {
    const started = await spawnStack(options);
    child = started.child;
    endpoints = started.endpoints;
  };
  await launch();
  return {
    get endpoints() {
      return endpoints;
    },
    async crashAndRestart() {
      await kill(child, 'SIGKILL');
      await launch();
    },
    async stop() {
      await kill(child, 'SIGTERM');
    },
  };
}

async function spawnStack(options: {
  readonly dataDir: string;
  readonly regions: readonly string[];
  readonly idempotencyLeaseMs: number;
}): Promise<{ child: ChildProcess; endpoints: StackEndpoints }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/invariants/stack-main.ts',
      options.dataDir,
      options.regions.join(','),
      String(options.idempotencyLeaseMs),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const endpoints = await new Promise<StackEndpoints>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      const line = /^READY (.*)$/m.exec(output);
      if (line) resolve(JSON.parse(line[1]!) as StackEndpoints);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += String(chunk);
    });
    child.once('exit', (code) =>
      reject(new Error(`the stack exited (${code}) before it was ready:\n${output}`)),
    );
  });
  // Keep draining its output so a full pipe never blocks the child.
  child.stdout?.resume();
  child.stderr?.resume();
  return { child, endpoints };
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}
