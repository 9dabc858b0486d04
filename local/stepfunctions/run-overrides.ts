// The per-execution overrides handed to aws-local-stepfunctions: every Task state runs its
// in-process handler, and Wait states and Retry pauses are scaled by `waitScale`.
import type { RunOptions } from 'aws-local-stepfunctions';
import type { CompiledDefinition } from './compile-definition.js';
import { type InvokerEnv, taskOverride } from './task-invoker.js';

type Overrides = NonNullable<RunOptions['overrides']>;

// A path-based wait (SecondsPath, TimestampPath) is only known when the state runs, after the
// overrides are fixed; it is treated as one second of scaled time. Deliberate local difference.
const PATH_WAIT_SECONDS = 1;

export function runOverrides(compiled: CompiledDefinition, waitScale: number, env: InvokerEnv): Overrides {
  const taskResourceLocalHandlers: NonNullable<Overrides['taskResourceLocalHandlers']> = {};
  for (const [name, target] of compiled.tasks) {
    // Every Task gets an override, so the runner never calls real AWS Lambda.
    taskResourceLocalHandlers[name] = taskOverride(name, target, env) as (input: unknown) => Promise<never>;
  }
  if (waitScale === 1) return { taskResourceLocalHandlers };

  const waitTimeOverrides: Record<string, number> = {};
  for (const [name, wait] of compiled.waits) {
    if (wait.seconds !== undefined) waitTimeOverrides[name] = wait.seconds * 1000 * waitScale;
    else if (wait.timestamp !== undefined) {
      const at = Date.parse(wait.timestamp);
      // Read when the state runs, so the remaining time is measured then, as the runner does.
      Object.defineProperty(waitTimeOverrides, name, {
        enumerable: true,
        get: () => Math.max(0, (at - env.now()) * waitScale),
      });
    } else waitTimeOverrides[name] = PATH_WAIT_SECONDS * 1000 * waitScale;
  }
  // A scaled retry pause is IntervalSeconds x waitScale for every attempt: the runner's override is
  // a fixed pause per retrier, so BackoffRate growth is not reproduced (0 stays 0).
  const retryIntervalOverrides: Record<string, number[]> = {};
  for (const [name, intervals] of compiled.retryIntervals) {
    retryIntervalOverrides[name] = intervals.map((seconds) => seconds * 1000 * waitScale);
  }
  return { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides };
}
