import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditEventId, hashAuditEvent, nextAuditEvent } from '../../../src/core/audit/audit-chain.js';
import { verifyAuditChains } from '../../../src/core/audit/verify-audit-chains.js';
import { ValidationError } from '../../../src/core/errors.js';
import { canonicalJson, type JsonValue } from '../../../src/core/json/canonical-json.js';
import { type AuditEvent, type AuditEventInput, GENESIS_HASH } from '../../../src/core/model/audit-event.js';
import { KEY_ID, NOW, OTHER_KEY_ID } from './fixtures.js';

function input(step: string, overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    eventId: auditEventId('op-1', step),
    keyId: KEY_ID,
    writerRegion: 'us-east-1',
    at: NOW,
    actor: 'alice',
    action: 'ReplicateKey',
    requestId: 'req-1',
    result: 'Succeeded',
    ...overrides,
  };
}

function chain(
  length: number,
  overrides: Partial<AuditEventInput> = {},
  startMs = Date.parse(NOW),
): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let i = 0; i < length; i++) {
    const at = new Date(startMs + i * 1000).toISOString();
    events.push(nextAuditEvent(events[i - 1], input(`s${i}`, { ...overrides, at })));
  }
  return events;
}

// Plain JSON values whose objects may carry keys in any order; no -0 (JSON has none), no undefined.
const json: fc.Arbitrary<JsonValue> = fc
  .jsonValue()
  .map((value) => JSON.parse(JSON.stringify(value)) as JsonValue);

function shuffleKeys(value: JsonValue, seed: number): JsonValue {
  if (Array.isArray(value)) return value.map((item, i) => shuffleKeys(item, seed + i));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const rotated = entries.map((_, i) => entries[(i + seed) % entries.length]!);
  return Object.fromEntries(rotated.reverse().map(([key, item]) => [key, shuffleKeys(item, seed + 1)]));
}

describe('canonicalJson', () => {
  it.each<[unknown, string]>([
    [{ b: 1, a: [true, null, 'x'], c: { z: 1, y: 2 } }, '{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":1}}'],
    [{ a: undefined, b: 2 }, '{"b":2}'],
    [[undefined], '[null]'],
    [{ é: 1, e: 2, Z: 3, '': 4 }, '{"":4,"Z":3,"e":2,"é":1}'],
    [1e21, '1e+21'],
    [-0, '0'],
  ])('%j -> %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [new Date(0)], [() => 1], [1n], [new Map()]])(
    'refuses %s',
    (value) => {
      expect(() => canonicalJson(value)).toThrow(TypeError);
    },
  );

  it('refuses a cycle but allows the same object twice', () => {
    const shared = { a: 1 };
    expect(canonicalJson({ x: shared, y: shared })).toBe('{"x":{"a":1},"y":{"a":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
  });

  describe('properties', () => {
    it('is valid JSON that parses back to equal data', () => {
      fc.assert(
        fc.property(json, (value) => {
          expect(JSON.parse(canonicalJson(value))).toEqual(value);
        }),
      );
    });

    it('does not depend on key order', () => {
      fc.assert(
        fc.property(json, fc.nat(10), (value, seed) => {
          expect(canonicalJson(shuffleKeys(value, seed))).toBe(canonicalJson(value));
        }),
      );
    });

    it('is a fixed point: canonicalising the canonical form changes nothing', () => {
      fc.assert(
        fc.property(json, (value) => {
          const once = canonicalJson(value);
          expect(canonicalJson(JSON.parse(once))).toBe(once);
        }),
      );
    });

    it('tells different data apart', () => {
      fc.assert(
        fc.property(json, json, (a, b) => {
          fc.pre(JSON.stringify(shuffleKeys(a, 0)) !== JSON.stringify(shuffleKeys(b, 0)));
          expect(canonicalJson(a)).not.toBe(canonicalJson(b));
        }),
      );
    });

    it('the event hash ignores field order and covers every field', () => {
      fc.assert(
        fc.property(json, fc.string(), (details, actor) => {
          const event = nextAuditEvent(undefined, input('p', { details: { value: details } }));
          const reordered = Object.fromEntries(Object.entries(event).reverse()) as unknown as AuditEvent;
          expect(hashAuditEvent(reordered)).toBe(event.hash);
          fc.pre(actor !== event.actor);
          expect(hashAuditEvent({ ...event, actor })).not.toBe(event.hash);
        }),
      );
    });
  });
});

describe('nextAuditEvent', () => {
  it('starts a chain at 1 from the genesis hash and links the next event', () => {
    const [first, second] = chain(2);
    expect(first).toMatchObject({
      sequence: 1,
      prevHash: GENESIS_HASH,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(second).toMatchObject({ sequence: 2, prevHash: first!.hash });
  });

  it('is deterministic: the same input gives the same event', () => {
    expect(nextAuditEvent(undefined, input('a'))).toEqual(nextAuditEvent(undefined, input('a')));
  });

  it('refuses a previous event from another chain and a time that is not a time', () => {
    const first = nextAuditEvent(undefined, input('a'));
    expect(() => nextAuditEvent(first, input('b', { writerRegion: 'eu-west-1' }))).toThrow(ValidationError);
    expect(() => nextAuditEvent(first, input('b', { keyId: OTHER_KEY_ID }))).toThrow(ValidationError);
    expect(() => nextAuditEvent(undefined, input('b', { at: 'yesterday' }))).toThrow(ValidationError);
  });

  it('keeps time monotonic within a chain when the clock steps back', () => {
    const first = nextAuditEvent(undefined, input('a', { at: '2026-01-01T00:00:05.000Z' }));
    expect(nextAuditEvent(first, input('b', { at: '2026-01-01T00:00:04.000Z' })).at).toBe(first.at);
  });

  it('derives event ids from operation and step, refusing odd steps', () => {
    expect(auditEventId('op-9', 'replicate:eu-west-1')).toBe('op-9/replicate:eu-west-1');
    expect(() => auditEventId('op-9', 'has space')).toThrow(ValidationError);
  });
});

describe('verifyAuditChains', () => {
  it('accepts intact chains and merges them by time', () => {
    const us = chain(3, {}, Date.parse(NOW));
    const eu = chain(3, { writerRegion: 'eu-west-1' }, Date.parse(NOW) + 500);
    const result = verifyAuditChains([...eu, ...us].reverse());
    expect(result.valid).toBe(true);
    expect(result.chains.map((item) => [item.writerRegion, item.length])).toEqual([
      ['eu-west-1', 3],
      ['us-east-1', 3],
    ]);
    expect(result.timeline.map((event) => `${event.writerRegion}:${event.sequence}`)).toEqual([
      'us-east-1:1',
      'eu-west-1:1',
      'us-east-1:2',
      'eu-west-1:2',
      'us-east-1:3',
      'eu-west-1:3',
    ]);
  });

  it.each<[string, (events: AuditEvent[]) => AuditEvent[], number, string]>([
    [
      'an edited field',
      (e) => e.map((x) => (x.sequence === 3 ? { ...x, actor: 'mallory' } : x)),
      3,
      'HashMismatch',
    ],
    [
      'a re-hashed edit (the next link no longer fits)',
      (e) =>
        e.map((x) =>
          x.sequence === 3 ? { ...x, actor: 'mallory', hash: hashAuditEvent({ ...x, actor: 'mallory' }) } : x,
        ),
      4,
      'PrevHashMismatch',
    ],
    ['a deleted event', (e) => e.filter((x) => x.sequence !== 2), 3, 'SequenceGap'],
    ['a replayed event', (e) => [...e, e[1]!], 2, 'DuplicateSequence'],
    ['a missing start', (e) => e.slice(1), 2, 'SequenceGap'],
  ])('reports %s at the first broken link', (_name, tamper, sequence, reason) => {
    const result = verifyAuditChains(tamper(chain(5)));
    expect(result.valid).toBe(false);
    expect(result.firstBroken).toMatchObject({ keyId: KEY_ID, writerRegion: 'us-east-1', sequence, reason });
  });

  it('reports the earliest break across chains', () => {
    const us = chain(5).map((x) => (x.sequence === 4 ? { ...x, action: 'x' } : x));
    const eu = chain(5, { writerRegion: 'eu-west-1' }).map((x) =>
      x.sequence === 2 ? { ...x, action: 'x' } : x,
    );
    const result = verifyAuditChains([...us, ...eu]);
    expect(result.brokenCount).toBe(2);
    expect(result.firstBroken).toMatchObject({ writerRegion: 'eu-west-1', sequence: 2 });
  });

  it('verifies a window of a chain against an anchor', () => {
    const events = chain(6);
    const anchor = { [`${KEY_ID}#us-east-1`]: { sequence: 3, hash: events[2]!.hash } };
    expect(verifyAuditChains(events.slice(3), { anchors: anchor }).valid).toBe(true);
    const wrong = { [`${KEY_ID}#us-east-1`]: { sequence: 3, hash: events[1]!.hash } };
    expect(verifyAuditChains(events.slice(3), { anchors: wrong }).firstBroken?.reason).toBe(
      'PrevHashMismatch',
    );
  });

  it('is valid for no events', () => {
    expect(verifyAuditChains([])).toMatchObject({ valid: true, chains: [], brokenCount: 0 });
  });
});
