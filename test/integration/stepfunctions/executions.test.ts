// Executions end to end through @aws-sdk/client-sfn: tasks, lambda:invoke, Map, Retry, Catch, Wait, Parallel.
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, lambdaArn, placeholder, startHarness } from './sfn-harness.js';

class ThrottlingException extends Error {
  override name = 'ThrottlingException';
}

let h: Harness;
const calls: Record<string, unknown[]> = {};
const record = (name: string, event: unknown) => {
  calls[name] ??= [];
  calls[name].push(event);
};
let throttleFirst = 0;
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  h = await startHarness({
    substitutions: { AddOneFunctionArn: lambdaArn('AddOneFunction') },
    taskHandlers: {
      AddOneFunction: async (event: { n: number }, context) => {
        record('AddOneFunction', { event, functionName: context.functionName });
        return { n: event.n + 1 };
      },
      FlakyFunction: async (event: unknown) => {
        record('FlakyFunction', event);
        if (throttleFirst-- > 0) throw new ThrottlingException('Rate exceeded');
        return 'ok';
      },
      BrokenFunction: async () => {
        const error = new Error('the key is pending deletion');
        error.name = 'KMSInvalidStateException';
        throw error;
      },
      SlowItemFunction: async (item: { id: number }) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        // Several turns of the event loop, so items that may overlap do overlap.
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return { id: item.id, done: true };
      },
    },
  });
});
afterAll(() => h.close());

async function run(machineArn: string, input: unknown = {}, name?: string) {
  const { executionArn } = await h.client.send(
    new StartExecutionCommand({ stateMachineArn: machineArn, input: JSON.stringify(input), name }),
  );
  await h.service.waitForExecution(executionArn!);
  return h.client.send(new DescribeExecutionCommand({ executionArn }));
}

describe('behaviour', () => {
  it('runs a Lambda-ARN Task (from a placeholder) to SUCCEEDED with its output', async () => {
    const arn = await h.createMachine('add-one', {
      StartAt: 'Add One',
      States: { 'Add One': { Type: 'Task', Resource: placeholder('AddOneFunctionArn'), End: true } },
    });
    const out = await run(arn, { n: 41 });
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output!)).toEqual({ n: 42 });
    expect(out.startDate).toBeInstanceOf(Date);
    expect(out.stopDate!.getTime()).toBeGreaterThanOrEqual(out.startDate!.getTime());
    expect(calls.AddOneFunction?.at(-1)).toEqual({ event: { n: 41 }, functionName: 'AddOneFunction' });
  });

  it('wraps a lambda:invoke result as { Payload } and reads FunctionName from Parameters', async () => {
    const arn = await h.createMachine('invoke-integration', {
      StartAt: 'Invoke Add One',
      States: {
        'Invoke Add One': {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: placeholder('AddOneFunctionArn'), 'Payload.$': '$.value' },
          ResultSelector: { 'n.$': '$.Payload.n', 'status.$': '$.StatusCode' },
          End: true,
        },
      },
    });
    const out = await run(arn, { value: { n: 1 } });
    expect(JSON.parse(out.output!)).toEqual({ n: 2, status: 200 });
  });

  it('fans out with Map, never running more items at once than MaxConcurrency', async () => {
    maxInFlight = 0;
    const arn = await h.createMachine('fan-out', {
      StartAt: 'Process Items',
      States: {
        'Process Items': {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 2,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Process One Item',
            States: {
              'Process One Item': { Type: 'Task', Resource: lambdaArn('SlowItemFunction'), End: true },
            },
          },
          End: true,
        },
      },
    });
    const out = await run(arn, { items: [1, 2, 3, 4, 5, 6].map((id) => ({ id })) });
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output!)).toEqual([1, 2, 3, 4, 5, 6].map((id) => ({ id, done: true })));
    expect(maxInFlight).toBe(2);
  });

  it('retries a task on its custom error name and then succeeds', async () => {
    throttleFirst = 2;
    calls.FlakyFunction = [];
    const arn = await h.createMachine('retry-throttle', {
      StartAt: 'Call Flaky',
      States: {
        'Call Flaky': {
          Type: 'Task',
          Resource: lambdaArn('FlakyFunction'),
          Retry: [
            { ErrorEquals: ['ThrottlingException'], IntervalSeconds: 30, MaxAttempts: 3, BackoffRate: 2 },
          ],
          End: true,
        },
      },
    });
    const out = await run(arn);
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output!)).toBe('ok');
    expect(calls.FlakyFunction).toHaveLength(3);
  });

  it('does not retry an error name the Retry does not list', async () => {
    throttleFirst = 1;
    calls.FlakyFunction = [];
    const arn = await h.createMachine('retry-other-error', {
      StartAt: 'Call Flaky Once',
      States: {
        'Call Flaky Once': {
          Type: 'Task',
          Resource: lambdaArn('FlakyFunction'),
          Retry: [{ ErrorEquals: ['ThrottlingExceptionX'], MaxAttempts: 3 }],
          End: true,
        },
      },
    });
    const out = await run(arn);
    expect(out.status).toBe('FAILED');
    expect(out.error).toBe('ThrottlingException');
    expect(JSON.parse(out.cause!)).toMatchObject({
      errorType: 'ThrottlingException',
      errorMessage: 'Rate exceeded',
    });
    expect(calls.FlakyFunction).toHaveLength(1);
  });

  it('catches a task error by name and takes the recorded failure path', async () => {
    const arn = await h.createMachine('catch-and-record', {
      StartAt: 'Call Broken',
      States: {
        'Call Broken': {
          Type: 'Task',
          Resource: lambdaArn('BrokenFunction'),
          Catch: [
            { ErrorEquals: ['KMSInvalidStateException'], ResultPath: '$.failure', Next: 'Record Failure' },
          ],
          Next: 'Unreachable',
        },
        Unreachable: { Type: 'Succeed' },
        'Record Failure': {
          Type: 'Pass',
          Parameters: {
            'region.$': '$.region',
            'error.$': '$.failure.Error',
            'cause.$': 'States.StringToJson($.failure.Cause)',
          },
          Next: 'Fail Operation',
        },
        'Fail Operation': { Type: 'Fail', Error: 'RegionFailed', Cause: 'one Region failed' },
      },
    });
    const out = await run(arn, { region: 'eu-west-1' });
    expect(out.status).toBe('FAILED');
    expect(out.error).toBe('RegionFailed');
    expect(out.cause).toBe('one Region failed');
  });

  it('makes a one-hour Wait state instant with waitScale 0', async () => {
    const arn = await h.createMachine('long-wait', {
      StartAt: 'Wait An Hour',
      States: {
        'Wait An Hour': { Type: 'Wait', Seconds: 3600, Next: 'Wait Until Next Year' },
        'Wait Until Next Year': { Type: 'Wait', Timestamp: '2099-01-01T00:00:00Z', Next: 'Wait From Input' },
        'Wait From Input': { Type: 'Wait', SecondsPath: '$.seconds', End: true },
      },
    });
    const out = await run(arn, { seconds: 86400 });
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output!)).toEqual({ seconds: 86400 });
  });

  it('runs Parallel branches and collects their results in order', async () => {
    const arn = await h.createMachine('parallel', {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Left',
              States: { Left: { Type: 'Task', Resource: lambdaArn('AddOneFunction'), End: true } },
            },
            { StartAt: 'Right', States: { Right: { Type: 'Pass', Result: 'right', End: true } } },
          ],
          End: true,
        },
      },
    });
    const out = await run(arn, { n: 1 });
    expect(JSON.parse(out.output!)).toEqual([{ n: 2 }, 'right']);
  });

  it('fails a Task whose function has no local handler with Lambda.ResourceNotFoundException', async () => {
    const arn = await h.createMachine('no-handler', {
      StartAt: 'Call Missing',
      States: { 'Call Missing': { Type: 'Task', Resource: lambdaArn('MissingFunction'), End: true } },
    });
    const out = await run(arn);
    expect(out.status).toBe('FAILED');
    expect(out.error).toBe('Lambda.ResourceNotFoundException');
  });
});
