// substitutePlaceholders: DefinitionSubstitutions-style filling, with unfilled placeholders named.
import { describe, expect, it } from 'vitest';
import { substitutePlaceholders, UnfilledPlaceholderError } from '../../../local/stepfunctions/index.js';

const ph = (name: string) => `$\{${name}}`;

describe('substitutePlaceholders', () => {
  it('fills every occurrence of each given key as plain text', () => {
    const text = `{"Resource":"${ph('FnArn')}","Parameters":{"Table":"${ph('Table')}","Again":"${ph('FnArn')}"}}`;
    expect(
      substitutePlaceholders(text, { FnArn: 'arn:aws:lambda:us-east-1:1:function:F', Table: 'Keys' }),
    ).toBe(
      '{"Resource":"arn:aws:lambda:us-east-1:1:function:F","Parameters":{"Table":"Keys","Again":"arn:aws:lambda:us-east-1:1:function:F"}}',
    );
  });

  it('leaves text without placeholders, and JSONPath dollars, untouched', () => {
    const text = '{"a.$":"$.x","b":"States.Format(\'{}\', $.y)","c":"$$.Execution.Id"}';
    expect(substitutePlaceholders(text, {})).toBe(text);
  });

  it('throws naming each unfilled placeholder once', () => {
    const text = `${ph('A')} ${ph('B')} ${ph('A')} ${ph('C')}`;
    let caught: unknown;
    try {
      substitutePlaceholders(text, { B: 'b' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnfilledPlaceholderError);
    expect((caught as UnfilledPlaceholderError).placeholders).toEqual(['A', 'C']);
    expect((caught as Error).message).toBe(`No substitution for placeholders ${ph('A')}, ${ph('C')}`);
  });

  it('does not read inherited keys of the substitutions object', () => {
    expect(() => substitutePlaceholders(ph('toString'), {})).toThrow(UnfilledPlaceholderError);
  });

  it('inserts values that contain placeholder-like text without re-substituting them', () => {
    expect(substitutePlaceholders(ph('A'), { A: ph('B') })).toBe(ph('B'));
  });
});
