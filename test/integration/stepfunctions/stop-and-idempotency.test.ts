// StopExecution and StartExecution idempotency by name, through @aws-sdk/client-sfn.
import { DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate, type Harness, lambdaArn, startHarness } from './sfn-harness.js';

let h: Harness;
let release = gate();
let entered = gate();

beforeAll(async () => {
  h = await startHarness({
    taskHandlers: {
      BlockedFunction: async () => {
        entered.open();
        await release.promise;
        return 'released';
      },
    },
  });
});
afterAll(() => h.close());

describe('stopping and idempotency', () => {
  it('StopExecution aborts a running execution with the given error and cause', async () => {
    release = gate();
    entered = gate();
    const arn = await h.createMachine('blocked', {
      StartAt: 'Block',
      States: { Block: { Type: 'Task', Resource: lambdaArn('BlockedFunction'), End: true } },
    });
    const { executionArn } = await h.client.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'stop-me' }),
    );
    await entered.promise;
    expect((await h.client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    const { stopDate } = await h.client.send(
      new StopExecutionCommand({ executionArn, error: 'Operator.Cancelled', cause: 'changed my mind' }),
    );
    expect(stopDate).toBeInstanceOf(Date);
    release.open();
    const out = await h.client.send(new DescribeExecutionCommand({ executionArn }));
    expect(out).toMatchObject({ status: 'ABORTED', error: 'Operator.Cancelled', cause: 'changed my mind' });
    expect(out.output).toBeUndefined();
  });

  it('StartExecution with the same name and input while running returns the first execution', async () => {
    release = gate();
    entered = gate();
    const arn = await h.createMachine('blocked-idempotent', {
      StartAt: 'Block Again',
      States: { 'Block Again': { Type: 'Task', Resource: lambdaArn('BlockedFunction'), End: true } },
    });
    const start = (input: string) =>
      h.client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'op-123', input }));
    const first = await start('{"a":1}');
    await entered.promise;
    const again = await start('{"a":1}');
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    await expect(start('{"a":2}')).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    release.open();
    expect((await h.service.waitForExecution(first.executionArn!)).status).toBe('SUCCEEDED');
    // Closed: AWS refuses the name regardless of input.
    await expect(start('{"a":1}')).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('names an execution with a UUID when no name is given', async () => {
    const arn = await h.createMachine('unnamed', {
      StartAt: 'P',
      States: { P: { Type: 'Pass', End: true } },
    });
    const { executionArn } = await h.client.send(new StartExecutionCommand({ stateMachineArn: arn }));
    expect(executionArn).toMatch(/:execution:unnamed:[0-9a-f-]{36}$/);
    expect((await h.service.waitForExecution(executionArn!)).output).toBe('{}');
  });
});
