// compileDefinition: validation, and the per-state facts overrides are built from (nested states too).
import { describe, expect, it } from 'vitest';
import { compileDefinition } from '../../../local/stepfunctions/compile-definition.js';
import { isSfnError } from '../../../local/stepfunctions/sfn-error.js';
import { functionNameOf } from '../../../local/stepfunctions/task-target.js';

const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

const definition = {
  StartAt: 'Top Task',
  States: {
    'Top Task': {
      Type: 'Task',
      Resource: fn('TopFunction:live'),
      TimeoutSeconds: 30,
      Retry: [{ ErrorEquals: ['A'], IntervalSeconds: 5 }, { ErrorEquals: ['States.ALL'] }],
      Next: 'Fan Out',
    },
    'Fan Out': {
      Type: 'Map',
      ItemProcessor: {
        StartAt: 'Invoke Per Item',
        States: {
          'Invoke Per Item': {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'ItemFunction', 'Payload.$': '$' },
            Next: 'Pause Per Item',
          },
          'Pause Per Item': { Type: 'Wait', SecondsPath: '$.wait', End: true },
        },
      },
      Next: 'Old Style Map',
    },
    'Old Style Map': {
      Type: 'Map',
      Iterator: {
        StartAt: 'Iterator Wait',
        States: { 'Iterator Wait': { Type: 'Wait', Seconds: 10, End: true } },
      },
      Next: 'Both',
    },
    Both: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Branch Task',
          States: {
            'Branch Task': { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true },
          },
        },
        {
          StartAt: 'Until',
          States: { Until: { Type: 'Wait', Timestamp: '2030-01-01T00:00:00Z', End: true } },
        },
      ],
      End: true,
    },
  },
};

describe('compileDefinition', () => {
  it('finds Task, Wait and Retry states at every depth', () => {
    const compiled = compileDefinition(JSON.stringify(definition));
    expect(Object.fromEntries(compiled.tasks)).toEqual({
      'Top Task': {
        kind: 'lambda',
        resource: fn('TopFunction:live'),
        functionName: 'TopFunction',
        timeoutSeconds: 30,
      },
      'Invoke Per Item': {
        kind: 'lambda-invoke',
        resource: 'arn:aws:states:::lambda:invoke',
        timeoutSeconds: 60,
      },
      'Branch Task': { kind: 'other', resource: 'arn:aws:states:::sqs:sendMessage', timeoutSeconds: 60 },
    });
    expect(Object.fromEntries(compiled.waits)).toEqual({
      'Pause Per Item': {},
      'Iterator Wait': { seconds: 10 },
      Until: { timestamp: '2030-01-01T00:00:00Z' },
    });
    expect(Object.fromEntries(compiled.retryIntervals)).toEqual({ 'Top Task': [5, 1] });
  });

  it('refuses a state name used twice, even in different branches', () => {
    const twice = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Step', States: { Step: { Type: 'Pass', End: true } } },
            { StartAt: 'Step', States: { Step: { Type: 'Pass', End: true } } },
          ],
          End: true,
        },
      },
    };
    expect(() => compileDefinition(JSON.stringify(twice))).toThrow(/DUPLICATE_STATE_NAMES.*: Step/);
  });

  it.each([
    ['not JSON', '{'],
    ['a JSON array', '[]'],
    ['no States', '{"StartAt":"A"}'],
    [
      'an unreachable state',
      JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Succeed' }, B: { Type: 'Succeed' } } }),
    ],
  ])('refuses %s with InvalidDefinition', (_label, text) => {
    let caught: unknown;
    try {
      compileDefinition(text);
    } catch (error) {
      caught = error;
    }
    expect(isSfnError(caught) && caught.code).toBe('InvalidDefinition');
  });
});

describe('functionNameOf', () => {
  it.each([
    ['ReplicateRegionFunction', 'ReplicateRegionFunction'],
    ['ReplicateRegionFunction:live', 'ReplicateRegionFunction'],
    ['123456789012:function:ReplicateRegionFunction', 'ReplicateRegionFunction'],
    [fn('ReplicateRegionFunction'), 'ReplicateRegionFunction'],
    [`${fn('ReplicateRegionFunction')}:7`, 'ReplicateRegionFunction'],
  ])('%s -> %s', (input, expected) => {
    expect(functionNameOf(input)).toBe(expected);
  });
});
