// ListExecutions and ListStateMachines: order, stable paging, status filter, Region scoping.
import {
  CreateStateMachineCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './sfn-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function runToEnd(machineArn: string, input: unknown, name: string): Promise<void> {
  const { executionArn } = await h.client.send(
    new StartExecutionCommand({ stateMachineArn: machineArn, input: JSON.stringify(input), name }),
  );
  await h.service.waitForExecution(executionArn!);
}

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
