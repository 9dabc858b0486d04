// The local stack as a child process the invariant harness can kill -9: startLocalStack on a data folder,
// every port free, instant emulator delays and workflow waits; prints one READY line of JSON.
import '../../local/polyfills.js';
import { startLocalStack } from '../../local/stack.js';

const [dataDir, regions, leaseMs] = process.argv.slice(2);
if (dataDir === undefined || regions === undefined) {
  process.stderr.write('usage: stack-main.ts DATA_DIR REGIONS [IDEMPOTENCY_LEASE_MS]\n');
  process.exit(2);
}
const stack = await startLocalStack({
  dataDir,
  ports: { api: 0, kms: 0, dynamodb: 0, stepFunctions: 0 },
  allowedRegions: regions.split(','),
  creatingMs: 0,
  waitScale: 0,
  // A crashed request's Idempotency-Key is free again soon after the restart (default: one minute).
  apiSettings: { idempotencyLeaseMs: Number(leaseMs ?? 60_000) },
  log: () => {},
});
process.stdout.write(`READY ${JSON.stringify({ ...stack.endpoints, token: stack.adminToken })}\n`);
process.once('SIGTERM', () => {
  void stack.close().then(() => process.exit(0));
});
