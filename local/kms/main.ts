// `npm run kms -- --port 4599`: the KMS emulator alone, in the foreground. Prints
// "KMS emulator listening on http://HOST:PORT" with the actual port (so --port 0 picks a free one).
import '../polyfills.js';
import { parseArgs } from 'node:util';
import { createKmsEmulator } from './index.js';

const usage = `Usage: npm run kms -- [--port 4599] [--host 127.0.0.1] [--account 111122223333]
                     [--creating-ms 2000] [--updating-ms 2000] [--time-scale 1]
                     [--data-dir DIR | --in-memory] [--snapshot-every 1000]
                     [--quotas] [--quota-scale 1] [--on-demand-rotation-limit 10]
                     [--record-read-only] [--identities FILE]

  --port N                    listen port; 0 picks a free one (default 4599)
  --creating-ms / --updating-ms  how long ReplicateKey / UpdatePrimaryRegion keep keys Creating / Updating
  --time-scale X              virtual clock speed (86400 = one day per second)
  --data-dir DIR              keep state in DIR (journal + snapshot; key material sealed under DIR/root.key)
  --in-memory                 keep nothing on disk (the default without --data-dir)
  --snapshot-every N          journal entries between two snapshots (default 1000)
  --quotas                    enforce KMS request quotas; --quota-scale X multiplies every quota
  --on-demand-rotation-limit N  RotateKeyOnDemand calls allowed per key (AWS: 10, newer docs 25)
  --record-read-only          also log read-only calls (DescribeKey, Encrypt, ...) in /_emulator/events
  --identities FILE           who may call: {"identities": [{"accessKeyId", "principal", "tags"?, "iamActions"?}]};
                              other access keys get UnrecognizedClientException (default: every key is an account root)`;

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

let values: ReturnType<typeof parse>['values'];
function parse() {
  return parseArgs({
    options: {
      port: { type: 'string', default: '4599' },
      host: { type: 'string', default: '127.0.0.1' },
      account: { type: 'string' },
      'creating-ms': { type: 'string' },
      'updating-ms': { type: 'string' },
      'time-scale': { type: 'string' },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean', default: false },
      'snapshot-every': { type: 'string' },
      quotas: { type: 'boolean', default: false },
      'quota-scale': { type: 'string' },
      'on-demand-rotation-limit': { type: 'string' },
      'record-read-only': { type: 'boolean', default: false },
      identities: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
}
try {
  values = parse().values;
} catch (error) {
  fail((error as Error).message);
}

function number(name: string, value: string | undefined, min: number, integer = false): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (
    value.trim() === '' ||
    !Number.isFinite(parsed) ||
    parsed < min ||
    (integer && !Number.isInteger(parsed))
  ) {
    fail(`--${name} must be ${integer ? 'an integer' : 'a number'} >= ${min} (got ${value})`);
  }
  return parsed;
}

if (values.help) {
  console.log(usage);
  process.exit(0);
}
const port = number('port', values.port, 0, true) as number;
if (port > 65535) fail(`--port must be an integer from 0 to 65535 (got ${values.port})`);
if (values.account !== undefined && !/^\d{12}$/.test(values.account)) fail('--account must be 12 digits');
if (values['in-memory'] && values['data-dir'] !== undefined)
  fail('Give --data-dir or --in-memory, not both.');
const timeScale = number('time-scale', values['time-scale'], 0);
if (timeScale === 0) fail('--time-scale must be above 0');
const quotaScale = number('quota-scale', values['quota-scale'], 0);
if (quotaScale === 0) fail('--quota-scale must be above 0');

let server: ReturnType<typeof createKmsEmulator>;
try {
  server = createKmsEmulator({
    account: values.account,
    creatingMs: number('creating-ms', values['creating-ms'], 0),
    updatingMs: number('updating-ms', values['updating-ms'], 0),
    timeScale,
    dataDir: values['data-dir'],
    snapshotEvery: number('snapshot-every', values['snapshot-every'], 1, true),
    quotas: values.quotas,
    quotaScale,
    onDemandRotationLimit: number('on-demand-rotation-limit', values['on-demand-rotation-limit'], 1, true),
    recordReadOnlyEvents: values['record-read-only'],
    ...(values.identities !== undefined && { identities: values.identities }),
  });
} catch (error) {
  fail((error as Error).message);
}
server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') fail(`Port ${port} is already in use; choose another with --port.`);
  throw error;
});
server.listen(port, values.host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  console.log(`KMS emulator listening on http://${values.host}:${actual}`);
  console.log(values['data-dir'] ? `State kept in ${values['data-dir']}` : 'State kept in memory only');
  if (values.identities !== undefined) console.log(`Callers: the identities in ${values.identities}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // Closing the server writes the final snapshot (persistence listens for 'close').
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
