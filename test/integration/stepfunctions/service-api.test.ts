// The in-process handles (registerStateMachine, waitForExecution), the Context Object, and timeouts.
import {
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSfnError } from '../../../local/stepfunctions/index.js';
import { type Harness, lambdaArn, placeholder, startHarness } from './sfn-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    substitutions: { HangFunctionArn: lambdaArn('HangFunction') },
    taskHandlers: { HangFunction: () => new Promise(() => {}) },
  });
});
afterAll(() => h.close());

const passDefinition = (result: string) =>
  JSON.stringify({ StartAt: 'Answer', States: { Answer: { Type: 'Pass', Result: result, End: true } } });

describe('registerStateMachine', () => {
  it('creates, leaves unchanged, and updates a state machine by name', async () => {
    const created = h.service.registerStateMachine('registered', passDefinition('v1'));
    expect(created).toEqual({
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:registered',
      status: 'created',
    });
    expect(h.service.registerStateMachine('registered', passDefinition('v1')).status).toBe('unchanged');
    expect(h.service.registerStateMachine('registered', passDefinition('v2')).status).toBe('updated');
    const described = await h.client.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }),
    );
    expect(JSON.parse(described.definition!).States.Answer.Result).toBe('v2');
    const west = h.service.registerStateMachine('registered', passDefinition('v1'), { region: 'eu-west-1' });
    expect(west.stateMachineArn).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:registered');
  });

  it('throws InvalidDefinition for a bad definition and changes nothing', () => {
    let caught: unknown;
    try {
      h.service.registerStateMachine('registered', '{"StartAt":"Missing","States":{}}');
    } catch (error) {
      caught = error;
    }
    expect(isSfnError(caught) && caught.code).toBe('InvalidDefinition');
    expect(h.service.registerStateMachine('registered', passDefinition('v2')).status).toBe('unchanged');
  });

  it('waitForExecution refuses an unknown execution', async () => {
    await expect(
      h.service.waitForExecution('arn:aws:states:us-east-1:123456789012:execution:registered:none'),
    ).rejects.toMatchObject({ code: 'ExecutionDoesNotExist' });
  });
});

describe('execution context and timeouts', () => {
  it('gives states the Context Object of the execution', async () => {
    const { stateMachineArn } = h.service.registerStateMachine(
      'context',
      JSON.stringify({
        StartAt: 'Read Context',
        States: {
          'Read Context': {
            Type: 'Pass',
            Parameters: {
              'id.$': '$$.Execution.Id',
              'name.$': '$$.Execution.Name',
              'machine.$': '$$.StateMachine.Name',
            },
            End: true,
          },
        },
      }),
    );
    const { executionArn } = await h.client.send(
      new StartExecutionCommand({ stateMachineArn, name: 'op-7' }),
    );
    const outcome = await h.service.waitForExecution(executionArn!);
    expect(JSON.parse(outcome.output!)).toEqual({ id: executionArn, name: 'op-7', machine: 'context' });
  });

  it('times out a hung Task (States.Timeout) and a whole execution (TIMED_OUT)', async () => {
    const task = h.service.registerStateMachine(
      'task-timeout',
      JSON.stringify({
        StartAt: 'Hang',
        States: {
          Hang: { Type: 'Task', Resource: placeholder('HangFunctionArn'), TimeoutSeconds: 1, End: true },
        },
      }),
    );
    const whole = h.service.registerStateMachine(
      'execution-timeout',
      JSON.stringify({
        TimeoutSeconds: 1,
        StartAt: 'Hang Forever',
        States: { 'Hang Forever': { Type: 'Task', Resource: placeholder('HangFunctionArn'), End: true } },
      }),
    );
    const [a, b] = await Promise.all(
      [task, whole].map((m) =>
        h.client.send(new StartExecutionCommand({ stateMachineArn: m.stateMachineArn })),
      ),
    );
    const [taskOutcome, wholeOutcome] = await Promise.all([
      h.service.waitForExecution(a!.executionArn!),
      h.service.waitForExecution(b!.executionArn!),
    ]);
    expect(taskOutcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(wholeOutcome).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    const history = await h.client.send(new GetExecutionHistoryCommand({ executionArn: a!.executionArn }));
    expect(history.events!.map((e) => e.type)).toContain('LambdaFunctionTimedOut');
    const wholeHistory = await h.client.send(
      new GetExecutionHistoryCommand({ executionArn: b!.executionArn }),
    );
    expect(wholeHistory.events!.at(-1)!.type).toBe('ExecutionTimedOut');
  });
});
