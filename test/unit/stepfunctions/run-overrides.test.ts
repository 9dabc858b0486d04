// runOverrides: every Task gets a local override; Wait and Retry pauses are scaled by waitScale.
import { describe, expect, it } from 'vitest';
import { compileDefinition } from '../../../local/stepfunctions/compile-definition.js';
import { runOverrides } from '../../../local/stepfunctions/run-overrides.js';
import type { InvokerEnv } from '../../../local/stepfunctions/task-invoker.js';

const compiled = compileDefinition(
  JSON.stringify({
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:F',
        Retry: [{ ErrorEquals: ['A'], IntervalSeconds: 4 }, { ErrorEquals: ['B'] }],
        Next: 'Fixed',
      },
      Fixed: { Type: 'Wait', Seconds: 600, Next: 'Until' },
      Until: { Type: 'Wait', Timestamp: '2030-01-01T00:00:10Z', Next: 'From Input' },
      'From Input': { Type: 'Wait', SecondsPath: '$.s', End: true },
    },
  }),
);

let nowMs = Date.parse('2030-01-01T00:00:00Z');
const env: InvokerEnv = {
  handlers: {},
  region: 'us-east-1',
  account: '123456789012',
  now: () => nowMs,
  onInvoke: () => {},
};

describe('runOverrides', () => {
  it('overrides every Task and leaves waits alone at waitScale 1', () => {
    const overrides = runOverrides(compiled, 1, env);
    expect(Object.keys(overrides.taskResourceLocalHandlers ?? {})).toEqual(['Call']);
    expect(overrides.waitTimeOverrides).toBeUndefined();
    expect(overrides.retryIntervalOverrides).toBeUndefined();
  });

  it('makes every wait and retry pause 0 at waitScale 0', () => {
    const overrides = runOverrides(compiled, 0, env);
    expect({ ...overrides.waitTimeOverrides }).toEqual({ Fixed: 0, Until: 0, 'From Input': 0 });
    expect(overrides.retryIntervalOverrides).toEqual({ Call: [0, 0] });
  });

  it('scales fixed waits and retries, and measures a Timestamp wait when the state runs', () => {
    const overrides = runOverrides(compiled, 0.01, env);
    const waits = overrides.waitTimeOverrides!;
    expect(waits.Fixed).toBeCloseTo(6000);
    expect(waits['From Input']).toBeCloseTo(10);
    expect(waits.Until).toBeCloseTo(100);
    nowMs += 5000;
    expect(waits.Until).toBeCloseTo(50);
    nowMs += 60_000;
    expect(waits.Until).toBe(0);
    const [first, second] = overrides.retryIntervalOverrides!.Call as number[];
    expect(first).toBeCloseTo(40);
    expect(second).toBeCloseTo(10);
  });
});
