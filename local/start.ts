// `npm start`: the whole control plane on this machine (KMS emulator, dynalite, Step Functions, the REST
// API with a local token issuer), one short block of what runs where, and a clean stop on Ctrl-C.
import './polyfills.js';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../src/app/config.js';
import { isLoopbackHost } from './auth/loopback.js';
import { awsSettingsLines } from './aws-settings.js';
import { DEFAULT_PORTS, type LocalStack, PortInUseError, startLocalStack } from './stack.js';

const USAGE = `Usage: npm start -- [flags]

  --data-dir DIR       where state is kept across restarts (default .mrk-local)
  --in-memory          keep nothing: every stand-in in memory
  --port N             the REST API port (default ${DEFAULT_PORTS.api}; 0 = any free port)
  --kms-port N         the KMS emulator port (default ${DEFAULT_PORTS.kms})
  --dynamodb-port N    the DynamoDB port (default ${DEFAULT_PORTS.dynamodb})
  --sfn-port N         the Step Functions port (default ${DEFAULT_PORTS.stepFunctions})
  --host HOST          the address to listen on (default 127.0.0.1)
  --allow-remote-tokens
                       with a --host that is not loopback: start anyway, although POST /_local/token
                       then hands admin tokens to anyone who can reach the API
  --regions A,B,...    the Regions key sets may use (ALLOWED_REGIONS)
  --time-scale N       emulator clock speed: 86400 runs a day per second (default 1)
  --creating-ms N      how long a new replica stays Creating in the emulator
  --wait-scale N       Step Functions Wait/Retry scale; 0 makes them instant
  --log-level L        API logs: DEBUG, INFO, WARN, ERROR (default ERROR)
  --kms-identities FILE
                       the KMS emulator enforces key policies and grants per caller (local/kms/README.md);
                       the file must list the stack's own access key \`local\` (the control plane)
  -h, --help           this help
`;

function fail(message: string, hint?: string): never {
  process.stderr.write(`npm start: ${message}\n${hint ? `  ${hint}\n` : ''}`);
  process.exit(2);
}

function numberFlag(
  values: Record<string, unknown>,
  name: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  const number = Number(value);
  if (
    typeof value !== 'string' ||
    value.trim() === '' ||
    !Number.isFinite(number) ||
    number < min ||
    number > max
  ) {
    fail(
      `--${name} must be a number from ${min} to ${max} (got ${JSON.stringify(value)})`,
      'Run `npm start -- --help`.',
    );
  }
  return number;
}

let parsed: ReturnType<typeof parseFlags>;
function parseFlags() {
  return parseArgs({
    args: process.argv.slice(2),
    options: {
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean' },
      port: { type: 'string' },
      'kms-port': { type: 'string' },
      'dynamodb-port': { type: 'string' },
      'sfn-port': { type: 'string' },
      host: { type: 'string' },
      'allow-remote-tokens': { type: 'boolean' },
      regions: { type: 'string' },
      'time-scale': { type: 'string' },
      'creating-ms': { type: 'string' },
      'wait-scale': { type: 'string' },
      'log-level': { type: 'string' },
      'kms-identities': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
}
try {
  parsed = parseFlags();
} catch (error) {
  fail(
    (error as Error).message.replace(/^(Unknown option '[^']*')\..*$/s, '$1'),
    'Run `npm start -- --help`.',
  );
}
const values = parsed.values;
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (values['in-memory'] && values['data-dir'] !== undefined) fail('Give --data-dir or --in-memory, not both');
const logLevel = values['log-level'];
if (logLevel !== undefined && !['DEBUG', 'INFO', 'WARN', 'ERROR'].includes(logLevel)) {
  fail(`--log-level must be DEBUG, INFO, WARN or ERROR (got ${JSON.stringify(logLevel)})`);
}
if (values.host !== undefined && !isLoopbackHost(values.host) && !values['allow-remote-tokens']) {
  fail(
    `--host ${values.host} is not a loopback address: anyone who can reach the API could take an admin token from POST /_local/token`,
    'Use --host 127.0.0.1 (the default), or add --allow-remote-tokens if every machine that can reach this host may be an admin.',
  );
}
const dataDir = values['in-memory'] ? undefined : resolve(values['data-dir'] ?? '.mrk-local');
// Only the ports given: an undefined one would override its default in startLocalStack.
const portFlags = {
  api: 'port',
  kms: 'kms-port',
  dynamodb: 'dynamodb-port',
  stepFunctions: 'sfn-port',
} as const;
const ports: Partial<Record<keyof typeof portFlags, number>> = {};
for (const [service, flag] of Object.entries(portFlags) as [keyof typeof portFlags, string][]) {
  const port = numberFlag(values, flag, 0, 65535);
  if (port !== undefined) ports[service] = port;
}
const regions = values.regions
  ?.split(',')
  .map((region) => region.trim())
  .filter(Boolean);

let stack: LocalStack;
try {
  stack = await startLocalStack({
    ...(dataDir !== undefined && { dataDir }),
    ...(values.host !== undefined && { host: values.host }),
    ports,
    ...(regions !== undefined && { allowedRegions: regions }),
    timeScale: numberFlag(values, 'time-scale', 0.000001, 1e9),
    creatingMs: numberFlag(values, 'creating-ms'),
    waitScale: numberFlag(values, 'wait-scale', 0, 1000),
    ...(logLevel !== undefined && { apiLogLevel: logLevel as 'DEBUG' }),
    ...(values['kms-identities'] !== undefined && { kmsIdentities: resolve(values['kms-identities']) }),
  });
} catch (error) {
  if (error instanceof PortInUseError) {
    const flag = {
      'KMS emulator': '--kms-port',
      'DynamoDB (dynalite)': '--dynamodb-port',
      'Step Functions': '--sfn-port',
      'REST API': '--port',
    }[error.service];
    process.stderr.write(
      `npm start: ${error.message}\n  Is another local stack running? Or pick another port with ${flag ?? '--port'} N (0 = any free port).\n`,
    );
    process.exit(1);
  }
  if (error instanceof ConfigError)
    fail(`${error.message}`, '--regions takes Region names like us-east-1,eu-west-1.');
  process.stderr.write(
    `npm start: the local stack could not start: ${(error as Error)?.message ?? String(error)}\n`,
  );
  process.exit(1);
}

const shown = (path: string) =>
  relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path) || '.';
const { endpoints } = stack;
const tokenFile = dataDir === undefined ? undefined : shown(resolve(dataDir, 'admin.token'));
const lines = [
  `mrk-control-plane local stack is up (pid ${process.pid})`,
  '',
  `  REST API        ${endpoints.api}    GET /health, /openapi.json`,
  `  KMS emulator    ${endpoints.kms}    every Region; admin API under /_emulator/`,
  `  DynamoDB        ${endpoints.dynamodb}    table ${stack.tableName}`,
  `  Step Functions  ${endpoints.stepFunctions}    ${Object.keys(stack.stateMachineArns).length} state machines`,
  `  Data folder     ${dataDir === undefined ? '(in memory: nothing is kept)' : shown(dataDir)}`,
  `  Regions         ${stack.allowedRegions.join(', ')}`,
  ...(values.host !== undefined && !isLoopbackHost(values.host)
    ? [
        `  WARNING         listening on ${values.host}: POST /_local/token gives admin tokens to anyone who reaches it`,
      ]
    : []),
  ...(stack.interruptedOperations.length > 0
    ? [`  Interrupted     ${stack.interruptedOperations.join(', ')} (marked Failed; reconcile their keys)`]
    : []),
  '',
  ...awsSettingsLines(endpoints.kms),
  '',
  `Admin token (valid 7 days${tokenFile ? `; also in ${tokenFile}` : ''}):`,
  `  export MRK_API_URL=${endpoints.api} MRK_TOKEN=${stack.adminToken}`,
  '',
  `Next, in this folder: npx mrkctl ${dataDir === undefined ? `--api ${endpoints.api} --token "$MRK_TOKEN" keys list` : 'login --local && npx mrkctl keys list'}`,
  '      (anywhere else: `npm link` here once, then `mrkctl ...`)',
  `      npm run demo -- --api ${endpoints.api}${dataDir === undefined ? ' --token "$MRK_TOKEN"' : ''}`,
  'Ctrl-C stops everything.',
  '',
];
process.stdout.write(lines.join('\n'));

let stopping = false;
const stop = (signal: string) => {
  if (stopping) {
    process.stderr.write('npm start: stopping anyway.\n');
    process.exit(1);
  }
  stopping = true;
  process.stdout.write(`\n${signal}: stopping the local stack...\n`);
  stack.close().then(
    () => {
      process.stdout.write(
        dataDir === undefined ? 'Stopped.\n' : `Stopped. State is kept in ${shown(dataDir)}.\n`,
      );
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`npm start: error while stopping: ${(error as Error)?.message}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
