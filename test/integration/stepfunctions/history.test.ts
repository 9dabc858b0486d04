// GetExecutionHistory: AWS event types and order, paging, reverse order, execution data.
import { GetExecutionHistoryCommand, type HistoryEvent, StartExecutionCommand } from '@aws-sdk/client-sfn';
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

  it('records one scheduled and one succeeded event per task call in nested Maps', async () => {
    const arn = await h.createMachine('history-nested-map', {
      StartAt: 'Each Key',
      States: {
        'Each Key': {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Each Region Of Key',
            States: {
              'Each Region Of Key': {
                Type: 'Map',
                ItemProcessor: {
                  StartAt: 'Echo Pair',
                  States: { 'Echo Pair': { Type: 'Task', Resource: lambdaArn('EchoFunction'), End: true } },
                },
                End: true,
              },
            },
          },
          End: true,
        },
      },
    });
    const input = [
      [
        { k: 1, r: 'a' },
        { k: 1, r: 'b' },
        { k: 1, r: 'c' },
      ],
      [
        { k: 2, r: 'a' },
        { k: 2, r: 'b' },
        { k: 2, r: 'c' },
      ],
    ];
    const done = await runToEnd(arn, input);
    const { events } = await h.client.send(new GetExecutionHistoryCommand({ executionArn: done }));
    const seen = types(events);
    expect(seen.filter((type) => type === 'LambdaFunctionScheduled')).toHaveLength(6);
    const outputs = events!
      .filter((event) => event.type === 'LambdaFunctionSucceeded')
      .map((event) => JSON.parse(event.lambdaFunctionSucceededEventDetails!.output!));
    expect(outputs).toHaveLength(6);
    expect(outputs).toEqual(expect.arrayContaining(input.flat().map((pair) => ({ echoed: pair }))));
    expect(seen.at(-1)).toBe('ExecutionSucceeded');
  });
});
