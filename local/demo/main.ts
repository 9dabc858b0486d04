// `npm run demo`: the guided demo against a running stack (--api URL, token from --token, MRK_TOKEN or
// the data folder's admin.token) or, by default, against a fresh in-memory local stack it starts itself.
import '../polyfills.js';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError } from '../../cli/exit-codes.js';
import { DEFAULT_PORTS, type LocalStack, startLocalStack } from '../stack.js';
import { runDemo } from './run-demo.js';

const USAGE = `Usage: npm run demo -- [--api URL [--token T] [--kms URL] [--data-dir DIR] [--advance-clock]]

Without --api the demo starts its own local stack in memory (free ports) and stops it at the end.
  --api URL        a running REST API (e.g. the one \`npm start\` printed)
  --token T        its bearer token (default: MRK_TOKEN, or DIR/admin.token)
  --kms URL        the KMS emulator (default: from DIR/local-stack.json, or http://127.0.0.1:${DEFAULT_PORTS.kms})
  --data-dir DIR   the folder of the running stack (default .mrk-local)
  --advance-clock  move that stack's emulator clock 14 days to finish the deletions (it stays moved:
                   every key there ages 14 days); without it the demo leaves a stack it did not start alone
`;

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        api: { type: 'string' },
        token: { type: 'string' },
        kms: { type: 'string' },
        'data-dir': { type: 'string' },
        'advance-clock': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`npm run demo: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
})();
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

async function readLocal(dir: string): Promise<{ token?: string; kms?: string }> {
  const token = await readFile(join(dir, 'admin.token'), 'utf8').then(
    (text) => text.trim(),
    () => undefined,
  );
  const kms = await readFile(join(dir, 'local-stack.json'), 'utf8').then(
    (text) => (JSON.parse(text) as { endpoints?: { kms?: string } }).endpoints?.kms,
    () => undefined,
  );
  return { ...(token && { token }), ...(kms && { kms }) };
}

let stack: LocalStack | undefined;
let target: { api: string; token: string; kmsEndpoint: string; advanceClock: boolean };
if (values.api === undefined) {
  process.stdout.write('Starting a local stack in memory for the demo...\n');
  stack = await startLocalStack({
    ports: { kms: 0, dynamodb: 0, stepFunctions: 0, api: 0 },
    // Short but visible: replicas stay Creating for a moment, workflow waits run at a tenth.
    creatingMs: 800,
    updatingMs: 300,
    waitScale: 0.1,
  });
  // Its own in-memory stack: moving the clock touches nothing of the user's.
  target = {
    api: stack.endpoints.api,
    token: stack.adminToken,
    kmsEndpoint: stack.endpoints.kms,
    advanceClock: true,
  };
} else {
  const local = await readLocal(resolve(values['data-dir'] ?? '.mrk-local'));
  const token = values.token ?? process.env.MRK_TOKEN ?? local.token;
  if (token === undefined) {
    process.stderr.write(
      'npm run demo: no token. Pass --token, set MRK_TOKEN, or give --data-dir of the running stack.\n',
    );
    process.exit(2);
  }
  target = {
    api: values.api,
    token,
    kmsEndpoint: values.kms ?? local.kms ?? `http://127.0.0.1:${DEFAULT_PORTS.kms}`,
    advanceClock: values['advance-clock'] === true,
  };
}

process.stdout.write(`Demo against ${target.api} (KMS at ${target.kmsEndpoint})\n`);
if (stack === undefined) {
  process.stdout.write(
    target.advanceClock
      ? 'It will move the emulator clock of that stack 14 days (--advance-clock); the move persists.\n'
      : 'It will not move the clock of that stack: its deletions finish on their own time (--advance-clock to move it).\n',
  );
}
try {
  await runDemo({ ...target, print: (line) => process.stdout.write(`${line}\n`) });
} catch (error) {
  const hint = error instanceof CliError && error.hint ? `\n  ${error.hint}` : '';
  process.stderr.write(
    `\nnpm run demo: the demo stopped: ${(error as Error)?.message ?? String(error)}${hint}\n`,
  );
  process.exitCode = 1;
} finally {
  await stack?.close();
}
