// checkInput (AWS JSON validation wording), paging tokens, and ARN/name rules.
import { describe, expect, it } from 'vitest';
import {
  requireExecutionArn,
  requireStateMachineArn,
  requireValidName,
} from '../../../local/stepfunctions/arns.js';
import { checkInput, type InputShape } from '../../../local/stepfunctions/input-shape.js';
import { decodeToken, encodeToken, pageSize } from '../../../local/stepfunctions/paging.js';
import type { SfnError } from '../../../local/stepfunctions/sfn-error.js';

function errorOf(fn: () => unknown): SfnError {
  try {
    fn();
  } catch (error) {
    return error as SfnError;
  }
  throw new Error('expected an error');
}

const shape: InputShape = {
  name: { type: 'string', required: true, min: 1, max: 5 },
  type: { type: 'string', enum: ['STANDARD', 'EXPRESS'] },
  maxResults: { type: 'integer', min: 0, max: 1000 },
  reverse: { type: 'boolean' },
};

describe('checkInput', () => {
  it('accepts a valid body and ignores unknown members and nulls', () => {
    expect(() => checkInput(shape, { name: 'ok', maxResults: 0, extra: 1, type: null })).not.toThrow();
  });

  it('lists every constraint problem in one ValidationException', () => {
    const error = errorOf(() => checkInput(shape, { name: 'toolong', type: 'FAST', maxResults: 1001 }));
    expect(error.code).toBe('ValidationException');
    expect(error.message).toBe(
      "3 validation errors detected: Value 'toolong' at 'name' failed to satisfy constraint: Member must have length less than or equal to 5; " +
        "Value 'FAST' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]; " +
        "Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
    expect(errorOf(() => checkInput(shape, {})).message).toBe(
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
  });

  it('reports a member of the wrong JSON type as a SerializationException', () => {
    expect(errorOf(() => checkInput(shape, { name: 5 })).code).toBe('SerializationException');
    expect(errorOf(() => checkInput(shape, { name: 'a', maxResults: 1.5 })).code).toBe(
      'SerializationException',
    );
    expect(errorOf(() => checkInput(shape, { name: 'a', reverse: 'yes' })).code).toBe(
      'SerializationException',
    );
  });
});

describe('paging tokens', () => {
  it('round-trips a cursor for the same scope only', () => {
    const token = encodeToken('scope-a', 42);
    expect(decodeToken(token, 'scope-a')).toBe(42);
    expect(decodeToken(undefined, 'scope-a')).toBeUndefined();
    expect(errorOf(() => decodeToken(token, 'scope-b')).code).toBe('InvalidToken');
    expect(errorOf(() => decodeToken('%%%', 'scope-a')).code).toBe('InvalidToken');
    expect(
      errorOf(() => decodeToken(Buffer.from('{"s":"scope-a"}').toString('base64url'), 'scope-a')).code,
    ).toBe('InvalidToken');
  });

  it('uses 100 for maxResults 0 or absent', () => {
    expect([pageSize(undefined), pageSize(0), pageSize(7)]).toEqual([100, 100, 7]);
  });
});

describe('ARNs and names', () => {
  it('accepts state machine and execution ARNs of their own type only', () => {
    expect(
      requireStateMachineArn('arn:aws:states:eu-west-1:123456789012:stateMachine:replicate-key'),
    ).toMatchObject({
      region: 'eu-west-1',
      resource: 'replicate-key',
    });
    expect(
      requireExecutionArn('arn:aws:states:eu-west-1:123456789012:execution:replicate-key:op-1').resource,
    ).toBe('replicate-key:op-1');
    expect(
      errorOf(() => requireStateMachineArn('arn:aws:states:eu-west-1:123456789012:execution:a:b')).code,
    ).toBe('InvalidArn');
    expect(errorOf(() => requireExecutionArn('arn:aws:states:eu-west-1:123456789012:execution:a')).code).toBe(
      'InvalidArn',
    );
    expect(
      errorOf(() => requireStateMachineArn('arn:aws:lambda:eu-west-1:123456789012:function:f')).code,
    ).toBe('InvalidArn');
  });

  it.each(['has space', 'a/b', 'a:b', 'x{y}', 'tab\tname', 'ctl\u0085', '', 'x'.repeat(81)])(
    'refuses the name %j',
    (name) => {
      expect(errorOf(() => requireValidName(name)).code).toBe('InvalidName');
    },
  );

  it('accepts the names the control plane uses', () => {
    expect(() => requireValidName('op-0192-replicate_eu-west-1.v2')).not.toThrow();
  });
});
