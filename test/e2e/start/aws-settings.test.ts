// The AWS settings `npm start` prints, used exactly as printed by clients nobody here wrote: the AWS CLI v1
// (`aws`) and boto3. Before AWS_DEFAULT_REGION was printed both failed with "You must specify a region".
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let child: ChildProcess;
let output = '';

beforeAll(async () => {
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'local/start.ts',
      '--in-memory',
      ...['--port', '0', '--kms-port', '0', '--dynamodb-port', '0', '--sfn-port', '0'],
      ...['--creating-ms', '0', '--wait-scale', '0'],
    ],
    { cwd: ROOT, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
      if (output.includes('Ctrl-C stops everything.')) resolve();
    });
    child.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited ${code}:\n${output}`)));
  });
});
afterAll(() => {
  child?.kill('SIGTERM');
});

/** The variables of the printed `export` line, exactly. */
function printedVariables(): Record<string, string> {
  const line = /^ {2}export (.+)$/m.exec(output)?.[1];
  expect(line, output).toBeDefined();
  return Object.fromEntries(
    line!.split(' ').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

/** The printed `aws ...` command lines, without their comments. */
function printedCommands(): string[][] {
  return [...output.matchAll(/^ {2}(aws [^#\n]+?)\s+#/gm)].map((match) => match[1]!.split(' '));
}

/** Only what a user's shell would hold: PATH, HOME, the printed variables; no AWS config file. */
function shellEnv(variables: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    ...(process.env.PYENV_ROOT && { PYENV_ROOT: process.env.PYENV_ROOT }),
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    ...variables,
  };
}

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({
        code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
        stdout,
        stderr,
      });
    });
  });
}

describe('the printed AWS settings', () => {
  it('name both region variables and the KMS endpoint, and an --endpoint-url line for older clients', () => {
    const variables = printedVariables();
    const kms = /KMS emulator\s+(http:\/\/\S+)/.exec(output)?.[1];
    expect(variables).toMatchObject({
      AWS_ENDPOINT_URL_KMS: kms,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
    });
    expect(printedCommands()).toEqual([
      ['aws', 'kms', 'list-keys'],
      ['aws', '--endpoint-url', kms, 'kms', 'list-keys'],
    ]);
  });

  it('work with the AWS CLI v1 as printed: create a multi-Region key, then list it', async () => {
    const env = shellEnv(printedVariables());
    const created = await run('aws', ['kms', 'create-key', '--multi-region', '--description', 'cli-v1'], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const keyId = JSON.parse(created.stdout).KeyMetadata.KeyId as string;
    expect(keyId).toMatch(/^mrk-/);
    const [command, ...args] = printedCommands()[0]!;
    const listed = await run(command!, args, env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).Keys.map((key: { KeyId: string }) => key.KeyId)).toContain(keyId);
  });

  it('work with a client that ignores AWS_ENDPOINT_URL_KMS through the printed --endpoint-url line', async () => {
    const { AWS_ENDPOINT_URL_KMS: _ignored, ...rest } = printedVariables();
    const [command, ...args] = printedCommands()[1]!;
    const listed = await run(command!, args, shellEnv(rest));
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).Keys.length).toBeGreaterThan(0);
  });

  it('work with boto3 as printed: encrypt and decrypt with a new key', async () => {
    const script = [
      'import boto3',
      "kms = boto3.client('kms')",
      "key = kms.create_key(Description='boto3')['KeyMetadata']['KeyId']",
      "blob = kms.encrypt(KeyId=key, Plaintext=b'hello')['CiphertextBlob']",
      "print(kms.meta.region_name, kms.decrypt(CiphertextBlob=blob)['Plaintext'].decode())",
    ].join('\n');
    const result = await run('python3', ['-c', script], shellEnv(printedVariables()));
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('us-east-1 hello');
  });
});
