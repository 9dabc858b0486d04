// Smoke test: with the Promise.withResolvers polyfill loaded, aws-local-stepfunctions runs on Node 20.
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';

const definition = {
  StartAt: 'Add One',
  States: {
    'Add One': {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:AddOne',
      ResultPath: '$.value',
      Next: 'Is Big Enough?',
    },
    'Is Big Enough?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.value', NumericGreaterThanEquals: 3, Next: 'Done' }],
      Default: 'Add One',
    },
    Done: { Type: 'Succeed' },
  },
} as unknown as StateMachineDefinition;

describe('aws-local-stepfunctions on this Node', () => {
  it('has Promise.withResolvers available', () => {
    expect(typeof (Promise as unknown as { withResolvers: unknown }).withResolvers).toBe('function');
  });

  it('runs a machine whose Task state is overridden by a local handler', async () => {
    const machine = new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });
    const calls: unknown[] = [];
    const execution = machine.run(
      { value: 0 },
      {
        overrides: {
          taskResourceLocalHandlers: {
            'Add One': async (input) => {
              calls.push(input);
              return (input as { value: number }).value + 1;
            },
          },
        },
      },
    );
    await expect(execution.result).resolves.toEqual({ value: 3 });
    expect(calls).toHaveLength(3);
  });
});
