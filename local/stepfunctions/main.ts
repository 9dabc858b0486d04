// `npm run sfn -- --port 4584 [--data-dir DIR] [--wait-scale N] [--substitution Name=Value ...]`: the service alone.
import '../polyfills.js';
import { parseArgs } from 'node:util';
import { createStepFunctionsService } from './create-step-functions-service.js';

const usage =
  'usage: npm run sfn -- [--port 4584] [--host 127.0.0.1] [--data-dir DIR] [--wait-scale N] [--account 123456789012] [--substitution Name=Value ...]';

function main(): void {
  let values: Record<string, string | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '4584' },
        host: { type: 'string', default: '127.0.0.1' },
        'data-dir': { type: 'string' },
        'wait-scale': { type: 'string' },
        account: { type: 'string' },
        substitution: { type: 'string', multiple: true },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  const port = Number(values.port);
  const waitScale = values['wait-scale'] === undefined ? undefined : Number(values['wait-scale']);
  const substitutions: Record<string, string> = {};
  for (const pair of (values.substitution as string[] | undefined) ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) fail(`--substitution must be Name=Value, got ${pair}`);
    substitutions[pair.slice(0, at)] = pair.slice(at + 1);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0-65535, got ${values.port}`);
  let service: ReturnType<typeof createStepFunctionsService>;
  try {
    service = createStepFunctionsService({
      ...(values['data-dir'] !== undefined && { dataDir: values['data-dir'] as string }),
      ...(waitScale !== undefined && { waitScale }),
      ...(values.account !== undefined && { account: values.account as string }),
      substitutions,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const host = values.host as string;
  service.server.on('error', (error) => fail(error.message));
  service.server.listen(port, host, () => {
    const address = service.server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    console.log(`Step Functions service listening on http://${host}:${actualPort}`);
  });
  const shutdown = () => {
    void service.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

main();
