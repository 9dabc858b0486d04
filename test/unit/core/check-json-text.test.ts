// The raw-body scan: duplicate properties, nesting depth and `__proto__`, found in one pass without recursion.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkJsonText, MAX_JSON_DEPTH } from '../../../src/core/json/check-json-text.js';

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
}

describe('checkJsonText', () => {
  it('finds a property given twice in one object, escaped spellings included', () => {
    expect(checkJsonText('{"tenant":"a","primaryRegion":"us-east-1","tenant":"b"}')).toEqual({
      kind: 'duplicate',
      path: 'tenant',
      name: 'tenant',
    });
    expect(checkJsonText('{"tags":{"team":"a","t\\u0065am":"b"}}')).toMatchObject({
      kind: 'duplicate',
      path: 'tags.team',
    });
    expect(checkJsonText('{"a":[{"x":1},{"y":2,"y":3}]}')).toMatchObject({
      kind: 'duplicate',
      path: 'a[1].y',
    });
  });

  it('accepts the same name in different objects and names inside string values', () => {
    expect(
      checkJsonText('{"a":{"x":1},"b":{"x":1},"x":["x","x"],"s":"\\"x\\":1,\\"x\\":2"}'),
    ).toBeUndefined();
    expect(checkJsonText('{"policy":{"Statement":[{"Sid":"a"},{"Sid":"b"}]}}')).toBeUndefined();
  });

  it('refuses nesting deeper than the limit and accepts the limit itself', () => {
    expect(checkJsonText(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(checkJsonText(nested(MAX_JSON_DEPTH + 1))).toMatchObject({
      kind: 'tooDeep',
      limit: MAX_JSON_DEPTH,
    });
    expect(checkJsonText('['.repeat(100_000))).toMatchObject({ kind: 'tooDeep' });
    expect(checkJsonText(`${'[{"a":'.repeat(40)}1${'}]'.repeat(40)}`)).toMatchObject({ kind: 'tooDeep' });
  });

  it('refuses the property name __proto__, however it is spelled, but not as a value', () => {
    expect(checkJsonText('{"tags":{"__proto__":"x"}}')).toMatchObject({
      kind: 'reservedName',
      path: 'tags.__proto__',
    });
    expect(checkJsonText('{"\\u005f_proto__":{}}')).toMatchObject({ kind: 'reservedName' });
    expect(checkJsonText('{"aliases":["__proto__"],"tags":{"constructor":"__proto__"}}')).toBeUndefined();
  });

  it('leaves malformed text to JSON.parse without throwing', () => {
    for (const text of ['{"a', '{"a":"\\', '}}}]]', '{"a":1,,"a"', '"', '{"\\u12":1}', '']) {
      expect(() => checkJsonText(text)).not.toThrow();
    }
  });

  it('finds nothing in any JSON.stringify output of shallow data (which never repeats a name)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 10 }), (value) => {
        const text = JSON.stringify(value);
        const problem = checkJsonText(text);
        if (problem?.kind === 'reservedName') return; // fc generates "__proto__" keys too
        expect(problem).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('finds every duplicate JSON.parse would silently merge', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 5 }),
        fc.nat(),
        (record, pick) => {
          const names = Object.keys(record).filter((name) => name !== '__proto__');
          fc.pre(names.length > 0);
          const name = names[pick % names.length]!;
          const members = Object.entries(record)
            .filter(([key]) => key !== '__proto__')
            .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
          const text = `{${[...members, `${JSON.stringify(name)}:0`].join(',')}}`;
          fc.pre(!text.includes('"__proto__"')); // a nested __proto__ is found first, rightly
          expect(checkJsonText(text)).toMatchObject({ kind: 'duplicate' });
        },
      ),
      { numRuns: 300 },
    );
  });
});
