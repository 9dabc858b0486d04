// taskOverride: handler lookup, Lambda-shaped events, results and errors, and what it reports.
import { describe, expect, it } from 'vitest';
import {
  type Invocation,
  type InvokerEnv,
  TaskFailure,
  type TaskHandlers,
  taskOverride,
} from '../../../local/stepfunctions/task-invoker.js';
import type { TaskTarget } from '../../../local/stepfunctions/task-target.js';

const lambda = (functionName: string): TaskTarget => ({
  kind: 'lambda',
  resource: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
  functionName,
  timeoutSeconds: 60,
});
const invokeTarget: TaskTarget = {
  kind: 'lambda-invoke',
  resource: 'arn:aws:states:::lambda:invoke',
  timeoutSeconds: 10,
};

function env(handlers: TaskHandlers): InvokerEnv & { invocations: Invocation[] } {
  const invocations: Invocation[] = [];
  return {
    handlers,
    region: 'eu-west-1',
    account: '123456789012',
    now: () => 1_000,
    onInvoke: (i) => invocations.push(i),
    invocations,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<TaskFailure> {
  try {
    await promise;
  } catch (error) {
    return error as TaskFailure;
  }
  throw new Error('expected the task to fail');
}

describe('taskOverride', () => {
  it('calls the handler named by the function with a copy of the event and a Lambda context', async () => {
    const e = env({
      ReplicateRegionFunction: async (event: { region: string }, context) => ({
        got: event.region,
        name: context.functionName,
        arn: context.invokedFunctionArn,
        remaining: context.getRemainingTimeInMillis(),
      }),
    });
    const input = { region: 'eu-west-1' };
    const out = await taskOverride('Replicate', lambda('ReplicateRegionFunction'), e)(input);
    expect(out).toEqual({
      got: 'eu-west-1',
      name: 'ReplicateRegionFunction',
      arn: 'arn:aws:lambda:eu-west-1:123456789012:function:ReplicateRegionFunction',
      remaining: 60_000,
    });
    expect(e.invocations).toHaveLength(1);
    expect(e.invocations[0]).toMatchObject({
      stateName: 'Replicate',
      parameters: input,
      settled: { ok: true, output: out },
    });
  });

  it('reports the invocation synchronously, before the handler settles', () => {
    const e = env({ Slow: () => new Promise(() => {}) });
    void taskOverride('Slow Step', lambda('Slow'), e)({});
    expect(e.invocations.map((i) => i.stateName)).toEqual(['Slow Step']);
    expect(e.invocations[0]!.settled).toBeUndefined();
  });

  it('finds a SAM-generated function name by its logical id', async () => {
    const e = env({ ReplicateRegionFunction: () => 'found' });
    const out = await taskOverride('S', lambda('mrk-stack-ReplicateRegionFunction-Ab12Cd34'), e)({});
    expect(out).toBe('found');
  });

  it('wraps lambda:invoke results as Invoke does and sends Parameters.Payload', async () => {
    const e = env({ Echo: (event) => event });
    const out = await taskOverride(
      'I',
      invokeTarget,
      e,
    )({ FunctionName: 'arn:aws:lambda:eu-west-1:1:function:Echo:live', Payload: { a: 1 } });
    expect(out).toMatchObject({ ExecutedVersion: '$LATEST', Payload: { a: 1 }, StatusCode: 200 });
    expect(e.invocations[0]!.resource).toBe('arn:aws:states:::lambda:invoke');
    expect(await taskOverride('J', invokeTarget, e)({ FunctionName: 'Echo' })).toMatchObject({ Payload: {} });
  });

  it('names the failure after the thrown error (Lambda errorType) with the error document as cause', async () => {
    class ThrottlingException extends Error {
      override name = 'ThrottlingException';
    }
    const e = env({ Flaky: () => Promise.reject(new ThrottlingException('Rate exceeded')) });
    const failure = await failureOf(taskOverride('F', lambda('Flaky'), e)({}));
    expect(failure).toBeInstanceOf(TaskFailure);
    expect(failure.name).toBe('ThrottlingException');
    expect(JSON.parse(failure.message)).toMatchObject({
      errorType: 'ThrottlingException',
      errorMessage: 'Rate exceeded',
    });
    expect(e.invocations[0]!.settled).toMatchObject({ ok: false, error: 'ThrottlingException' });
  });

  it('treats a synchronous throw and a thrown non-Error like Lambda does', async () => {
    const sync = await failureOf(
      taskOverride(
        'S',
        lambda('Sync'),
        env({
          Sync: () => {
            throw new TypeError('bad');
          },
        }),
      )({}),
    );
    expect(sync.name).toBe('TypeError');
    const text = await failureOf(
      taskOverride('T', lambda('Text'), env({ Text: () => Promise.reject('plain') }))({}),
    );
    expect(text.name).toBe('string');
    expect(JSON.parse(text.message)).toEqual({ errorType: 'string', errorMessage: 'plain', trace: [] });
  });

  it('fails with Lambda.ResourceNotFoundException when no handler matches', async () => {
    const failure = await failureOf(taskOverride('M', lambda('Missing'), env({}))({}));
    expect(failure.name).toBe('Lambda.ResourceNotFoundException');
    const other = await failureOf(
      taskOverride(
        'O',
        { kind: 'other', resource: 'arn:aws:states:::sqs:sendMessage', timeoutSeconds: 60 },
        env({}),
      )({}),
    );
    expect(other.name).toBe('Local.NoTaskHandler');
  });

  it('returns null for an undefined result and fails a result that cannot be serialised', async () => {
    expect(await taskOverride('U', lambda('U'), env({ U: () => undefined }))({})).toBeNull();
    const failure = await failureOf(taskOverride('B', lambda('B'), env({ B: () => ({ big: 1n }) }))({}));
    expect(failure.name).toBe('Runtime.MarshalError');
  });
});
