// GetExecutionHistory (AWS event types, order, paging, reverse) and ListExecutions / ListStateMachines paging.
import {
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, lambdaArn, startHarness } from './sfn-harness.js';

let h: Harness;
let failOnce = true;

beforeAll(async () => {
  h = await startHarness({
    taskHandlers: {
      EchoFunction: async (event: unknown) => ({ echoed: event }),
      OnceFailingFunction: async () => {
        if (failOnce) {
          failOnce = false;
          const error = new Error('busy');
          error.name = 'ThrottlingException';
          throw error;
        }
        return 'second time lucky';
      },
    },
  });
});
afterAll(() => h.close());

async function runToEnd(machineArn: string, input: unknown = {}, name?: string): Promise<string> {
  const { executionArn } = await h.client.send(
    new StartExecutionCommand({ stateMachineArn: machineArn, input: JSON.stringify(input), name }),
  );
  await h.service.waitForExecution(executionArn!);
  return executionArn!;
}

const types = (events: HistoryEvent[] | undefined) => (events ?? []).map((event) => event.type);

describe('GetExecutionHistory', () => {
  let executionArn: string;

  beforeAll(async () => {
    const arn = await h.createMachine('history', {
      StartAt: 'Call Echo',
      States: {
        'Call Echo': {
          Type: 'Task',
          Resource: lambdaArn('EchoFunction'),
          ResultPath: '$.echo',
          Next: 'Invoke Flaky',
        },
        'Invoke Flaky': {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'OnceFailingFunction', 'Payload.$': '$' },
          Retry: [{ ErrorEquals: ['ThrottlingException'], MaxAttempts: 2 }],
          OutputPath: '$.Payload',
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    });
    executionArn = await runToEnd(arn, { hello: 'world' });
  });

  it('records AWS-shaped events in order, with ids chained and epoch timestamps', async () => {
    const { events } = await h.client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(types(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    events!.forEach((event, i) => {
      expect(event.id).toBe(i + 1);
      expect(event.previousEventId).toBe(i);
      expect(event.timestamp).toBeInstanceOf(Date);
    });
    expect(JSON.parse(events![0]!.executionStartedEventDetails!.input!)).toEqual({ hello: 'world' });
    expect(events![1]!.stateEnteredEventDetails?.name).toBe('Call Echo');
    expect(JSON.parse(events![4]!.lambdaFunctionSucceededEventDetails!.output!)).toEqual({
      echoed: { hello: 'world' },
    });
    expect(events![9]!.taskFailedEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      error: 'ThrottlingException',
    });
    expect(JSON.parse(events![12]!.taskSucceededEventDetails!.output!)).toMatchObject({
      Payload: 'second time lucky',
      StatusCode: 200,
    });
    expect(events![16]!.executionSucceededEventDetails?.output).toBe('"second time lucky"');
  });

  it('pages with maxResults/nextToken and reverses with reverseOrder', async () => {
    const all = await h.client.send(new GetExecutionHistoryCommand({ executionArn }));
    const collected: HistoryEvent[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await h.client.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 5, reverseOrder: true, nextToken }),
      );
      collected.push(...(page.events ?? []));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBe(4);
    expect(collected.map((event) => event.id)).toEqual(all.events!.map((event) => event.id).reverse());
  });

  it('leaves out inputs and outputs when includeExecutionData is false', async () => {
    const { events } = await h.client.send(
      new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false, maxResults: 2 }),
    );
    expect(events![0]!.executionStartedEventDetails?.input).toBeUndefined();
    expect(events![1]!.stateEnteredEventDetails).toEqual({ name: 'Call Echo' });
  });

  it('records a caught failure and the failed execution', async () => {
    const arn = await h.createMachine('history-failure', {
      StartAt: 'Call Missing',
      States: {
        'Call Missing': {
          Type: 'Task',
          Resource: lambdaArn('NoSuchFunction'),
          Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Give Up' }],
          End: true,
        },
        'Give Up': { Type: 'Fail', Error: 'GaveUp', Cause: 'no function' },
      },
    });
    const failed = await runToEnd(arn);
    const { events } = await h.client.send(new GetExecutionHistoryCommand({ executionArn: failed }));
    expect(types(events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'TaskStateExited',
      'FailStateEntered',
      'ExecutionFailed',
    ]);
    expect(events!.at(-1)!.executionFailedEventDetails).toEqual({ error: 'GaveUp', cause: 'no function' });
  });

  it('records Map iterations between MapStateEntered and MapStateExited', async () => {
    const arn = await h.createMachine('history-map', {
      StartAt: 'Each Region',
      States: {
        'Each Region': {
          Type: 'Map',
          MaxConcurrency: 1,
          Iterator: { StartAt: 'Echo Region', States: { 'Echo Region': { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    });
    const done = await runToEnd(arn, ['us-east-1', 'eu-west-1']);
    const { events } = await h.client.send(new GetExecutionHistoryCommand({ executionArn: done }));
    const seen = types(events);
    expect(seen.slice(0, 2)).toEqual(['ExecutionStarted', 'MapStateEntered']);
    expect(seen.slice(-3)).toEqual(['MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);
    // The runner forwards iteration events asynchronously, so iterations may interleave in the
    // history; each iteration's own events stay in order.
    for (const index of [0, 1]) {
      const iteration = events!
        .filter(
          (event) =>
            event.mapIterationStartedEventDetails?.index === index ||
            event.mapIterationSucceededEventDetails?.index === index,
        )
        .map((event) => [event.type, event.id]);
      expect(iteration.map(([type]) => type)).toEqual(['MapIterationStarted', 'MapIterationSucceeded']);
    }
    expect(seen.filter((type) => type === 'PassStateEntered')).toHaveLength(2);
    expect(seen.filter((type) => type === 'PassStateExited')).toHaveLength(2);
    expect(
      events!.find((event) => event.type === 'MapIterationStarted')!.mapIterationStartedEventDetails,
    ).toEqual({
      name: 'Each Region',
      index: 0,
    });
  });
});

describe('ListExecutions and ListStateMachines', () => {
  it('lists newest first, pages stably, and filters by status', async () => {
    const arn = await h.createMachine('listed', {
      StartAt: 'Maybe Fail',
      States: {
        'Maybe Fail': {
          Type: 'Choice',
          Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Fail' }],
          Default: 'Ok',
        },
        Fail: { Type: 'Fail', Error: 'Asked' },
        Ok: { Type: 'Succeed' },
      },
    });
    for (let i = 1; i <= 5; i++) await runToEnd(arn, { fail: i % 2 === 0 }, `run-${i}`);
    const first = await h.client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2 }));
    expect(first.executions!.map((e) => e.name)).toEqual(['run-5', 'run-4']);
    // An execution started between pages does not shift the next page.
    await runToEnd(arn, { fail: false }, 'run-6');
    const second = await h.client.send(
      new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2, nextToken: first.nextToken }),
    );
    expect(second.executions!.map((e) => e.name)).toEqual(['run-3', 'run-2']);
    const third = await h.client.send(
      new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2, nextToken: second.nextToken }),
    );
    expect(third.executions!.map((e) => e.name)).toEqual(['run-1']);
    expect(third.nextToken).toBeUndefined();

    const failed = await h.client.send(
      new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'FAILED' }),
    );
    expect(failed.executions!.map((e) => [e.name, e.status])).toEqual([
      ['run-4', 'FAILED'],
      ['run-2', 'FAILED'],
    ]);
    expect(failed.executions![0]!.stopDate).toBeInstanceOf(Date);
  });

  it('lists the state machines of the request Region only, by name, with paging', async () => {
    const west = h.clientFor('eu-west-1');
    const { CreateStateMachineCommand } = await import('@aws-sdk/client-sfn');
    const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    for (const name of ['b-west', 'a-west', 'c-west']) {
      const out = await west.send(
        new CreateStateMachineCommand({ name, definition, roleArn: 'arn:aws:iam::123456789012:role/R' }),
      );
      expect(out.stateMachineArn).toBe(`arn:aws:states:eu-west-1:123456789012:stateMachine:${name}`);
    }
    const page1 = await west.send(new ListStateMachinesCommand({ maxResults: 2 }));
    const page2 = await west.send(
      new ListStateMachinesCommand({ maxResults: 2, nextToken: page1.nextToken }),
    );
    expect([...page1.stateMachines!, ...page2.stateMachines!].map((m) => m.name)).toEqual([
      'a-west',
      'b-west',
      'c-west',
    ]);
    expect(page2.nextToken).toBeUndefined();
    const east = await h.client.send(new ListStateMachinesCommand({}));
    expect(east.stateMachines!.some((m) => m.name!.endsWith('-west'))).toBe(false);
  });
});
