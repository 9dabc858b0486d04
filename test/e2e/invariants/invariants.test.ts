// The invariants under random operations, KMS faults and kill -9 (test/invariants/harness.ts): a short run.
// `npm run soak -- --minutes N` runs the same harness for longer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commandsArbitrary,
  emptyStats,
  runSequence,
  StackUnderTest,
  violations,
} from '../../invariants/harness.js';
import { type StackProcess, startStackProcess } from '../../invariants/stack-process.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const dataDir = mkdtempSync(join(tmpdir(), 'mrk-invariants-'));
let stack: StackProcess;

beforeAll(async () => {
  stack = await startStackProcess({ dataDir, regions: REGIONS, idempotencyLeaseMs: 500 });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('KMS and the records never disagree', () => {
  it('random operations with faults and crashes leave no orphan, duplicate, 5xx or stuck operation', async () => {
    const stats = emptyStats();
    const real = new StackUnderTest(stack, REGIONS, stats);
    await fc.assert(
      fc.asyncProperty(commandsArbitrary({ maxCommands: 10, crashes: true }), async (commands) => {
        await runSequence(real, commands);
        expect(stats.problems).toEqual([]);
      }),
      { numRuns: 3, endOnFailure: true, seed: Number(process.env.INVARIANT_SEED ?? Date.now() % 1_000_000) },
    );
    expect(violations(stats)).toBe(0);
    expect(stats.sequences).toBe(3);
    expect(stats.operations).toBeGreaterThan(0);
  }, 600_000);
});
