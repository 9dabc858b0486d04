// npm run soak -- --minutes N [--seed S] [--max-commands N]: the invariant harness for N minutes against one
// local stack (a child process it kills and restarts), then one line of figures. Exits 1 on any violation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as fc from 'fast-check';
import { commandsArbitrary, emptyStats, runSequence, StackUnderTest, violations } from './harness.js';
import { startStackProcess } from './stack-process.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    seed: { type: 'string' },
    'max-commands': { type: 'string', default: '20' },
  },
});
const minutes = Number(values.minutes);
const maxCommands = Number(values['max-commands']);
if (!(minutes > 0 && minutes <= 24 * 60) || !(maxCommands >= 1 && maxCommands <= 200)) {
  process.stderr.write(
    'usage: npm run soak -- --minutes N (0 < N <= 1440) [--seed S] [--max-commands 1..200]\n',
  );
  process.exit(2);
}
const seed = values.seed === undefined ? Date.now() % 1_000_000 : Number(values.seed);
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2'];
const dataDir = mkdtempSync(join(tmpdir(), 'mrk-soak-'));
const stats = emptyStats();
const stack = await startStackProcess({ dataDir, regions: REGIONS, idempotencyLeaseMs: 500 });
const real = new StackUnderTest(stack, REGIONS, stats);
const deadline = Date.now() + minutes * 60_000;
const arbitrary = commandsArbitrary({ maxCommands, crashes: true });
console.log(`soak: ${minutes} min, seed ${seed}, Regions ${REGIONS.join(', ')}, data ${dataDir}`);
try {
  for (let run = 0; Date.now() < deadline; run++) {
    const [commands] = fc.sample(arbitrary, { seed: seed + run, numRuns: 1 });
    await runSequence(real, commands!);
    const found = violations(stats);
    console.log(
      `  sequence ${stats.sequences}: ${stats.operations} operations, ${stats.faults} faults, ${stats.crashes} crashes, ${found} violations`,
    );
    for (const problem of stats.problems.splice(0)) console.log(`    ${problem}`);
  }
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(
  `sequences ${stats.sequences}, operations ${stats.operations}, faults ${stats.faults}, crashes ${stats.crashes}, orphans ${stats.orphans}, duplicates ${stats.duplicates}, 5xx ${stats.serverErrors}, stuck ${stats.stuck}, mismatches ${stats.mismatches}`,
);
process.exit(violations(stats) === 0 ? 0 : 1);
