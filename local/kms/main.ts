// `npm run kms -- --port 4599`: the KMS emulator alone, in the foreground.
import '../polyfills.js';
import { parseArgs } from 'node:util';
import { createKmsEmulator } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4599' },
    host: { type: 'string', default: '127.0.0.1' },
    account: { type: 'string' },
    'creating-ms': { type: 'string' },
    'updating-ms': { type: 'string' },
    'time-scale': { type: 'string' },
    'data-dir': { type: 'string' },
    'in-memory': { type: 'boolean', default: false },
    quotas: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});

const usage = `Usage: npm run kms -- [--port 4599] [--host 127.0.0.1] [--account 111122223333]
                     [--creating-ms 2000] [--updating-ms 2000] [--time-scale 1]
                     [--data-dir DIR | --in-memory] [--quotas]`;

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

function number(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min) fail(`--${name} must be a number >= ${min} (got ${value})`);
  return parsed;
}

if (values.help) {
  console.log(usage);
  process.exit(0);
}
const port = number('port', values.port, 0) as number;
if (!Number.isInteger(port) || port > 65535)
  fail(`--port must be an integer from 0 to 65535 (got ${values.port})`);
if (values.account !== undefined && !/^\d{12}$/.test(values.account)) fail('--account must be 12 digits');

const server = createKmsEmulator({
  account: values.account,
  creatingMs: number('creating-ms', values['creating-ms'], 0),
  updatingMs: number('updating-ms', values['updating-ms'], 0),
  timeScale: number('time-scale', values['time-scale'], 0),
  dataDir: values['in-memory'] ? undefined : values['data-dir'],
  quotas: values.quotas,
});
server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') fail(`Port ${port} is already in use; choose another with --port.`);
  throw error;
});
server.listen(port, values.host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  console.log(`KMS emulator listening on http://${values.host}:${actual}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => server.close(() => process.exit(0)));
