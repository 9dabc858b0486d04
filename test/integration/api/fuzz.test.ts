// Fuzz: thousands of malformed requests through the local gateway: never a 5xx, always a JSON error, no state change.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_ROUTES } from '../../../src/app/api/routes/all-routes.js';
import type { Route } from '../../../src/app/api/routes/route.js';
import { fakeDeps } from '../../unit/api/helpers/fake-deps.js';
import { seedKey } from '../../unit/api/helpers/seed.js';
import { type FakeGateway, startFakeGateway } from './fake-gateway.js';

const RUNS = 2500;
const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 300,
});
const anyText = fc.string({ unit: 'grapheme', maxLength: 200 });
const methods = fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS');

let gateway: FakeGateway;
let keyId: string;
let tokens: string[];

beforeAll(async () => {
  gateway = await startFakeGateway();
  gateway.deps = fakeDeps();
  keyId = (await seedKey(gateway.deps)).keyId;
  tokens = [
    await gateway.token({ sub: 'root', tenants: [], roles: ['admin'] }),
    await gateway.token({ sub: 'alice', tenants: ['payments'], roles: ['operator'] }),
  ];
});
afterAll(() => gateway?.close());

interface Sample {
  method: string;
  path: string;
  body?: string;
  headers: Record<string, string>;
}

function fillPath(route: Route, values: Record<string, string>): string {
  return route.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
    encodeURIComponent(values[name] ?? keyId),
  );
}

/** A request to a real route with exactly one guaranteed defect, plus random noise elsewhere. */
const malformed: fc.Arbitrary<Sample> = fc
  .record({
    route: fc.constantFrom(...ALL_ROUTES.filter((route) => route.permission !== undefined)),
    defect: fc.constantFrom(
      'unknownField',
      'notJson',
      'wrongShape',
      'badParam',
      'badQuery',
      'badIdempotencyKey',
      'badIfMatch',
      'badContentType',
      'badToken',
    ),
    token: fc.constantFrom(0, 1),
    junkKey: fc.string({ minLength: 1, maxLength: 20 }).map((key) => `x_${key}`),
    junkValue: fc.jsonValue({ maxDepth: 3 }),
    text: anyText,
    printable,
  })
  .map(({ route, defect, token, junkKey, junkValue, text, printable: ascii }) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${tokens[token]}`,
      'content-type': 'application/json',
    };
    const params: Record<string, string> = { keyId, region: 'eu-west-1', operationId: 'op-1' };
    let query = '';
    let body: string | undefined = route.body === undefined ? undefined : '{}';
    switch (defect) {
      case 'unknownField':
        body = JSON.stringify({ [junkKey]: junkValue });
        break;
      case 'notJson':
        body = `{${text}`;
        break;
      case 'wrongShape':
        body = JSON.stringify(
          Array.isArray(junkValue) || typeof junkValue !== 'object' || junkValue === null
            ? junkValue
            : [junkValue],
        );
        break;
      case 'badParam': {
        const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
        if (names.length === 0) query = `?${encodeURIComponent(junkKey)}=1`;
        for (const name of names) params[name] = `${text}!`;
        break;
      }
      case 'badQuery':
        query = `?${encodeURIComponent(junkKey)}=${encodeURIComponent(text)}`;
        break;
      case 'badIdempotencyKey':
        headers['idempotency-key'] = `${ascii} ${'k'.repeat(130)}`;
        if (!route.mutation) query = `?${encodeURIComponent(junkKey)}=1`;
        break;
      case 'badIfMatch':
        headers['if-match'] = `v${ascii}`;
        if (!route.mutation) query = `?${encodeURIComponent(junkKey)}=1`;
        break;
      case 'badContentType':
        headers['content-type'] = `text/${ascii.replace(/[^a-z]/g, '') || 'plain'}`;
        body = JSON.stringify({ text });
        break;
      case 'badToken':
        headers.authorization = `Bearer ${ascii}`;
        break;
    }
    const defective = defect === 'badToken' || defect === 'badParam' || defect === 'badQuery' || query !== '';
    if (route.method === 'GET') {
      // fetch sends no body with GET: a body defect becomes an unknown query parameter instead.
      body = undefined;
      if (!defective) query = `?${encodeURIComponent(junkKey)}=1`;
    } else if (route.body === undefined && body === undefined && !defective) {
      body = JSON.stringify({ [junkKey]: junkValue });
    }
    return { method: route.method, path: `${fillPath(route, params)}${query}`, body, headers };
  });

/** Anything at all: random methods, paths, headers and bodies (unknown routes, public routes too). */
const chaos: fc.Arbitrary<Sample> = fc
  .record({
    method: methods,
    segments: fc.array(
      fc.oneof(
        fc.constantFrom('keys', 'operations', 'audit', 'adopt', 'replicas', 'primary', '..', '%', 'health'),
        anyText,
      ),
      { maxLength: 5 },
    ),
    body: fc.option(
      fc.oneof(
        anyText,
        fc.jsonValue().map((value) => JSON.stringify(value)),
      ),
      { nil: undefined },
    ),
    header: printable,
  })
  .map(({ method, segments, body, header }) => ({
    method: method === 'GET' || method === 'DELETE' ? 'POST' : method,
    path: `/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`,
    body: body ?? '{"junk":true}',
    headers: {
      authorization: `Bearer ${header}`,
      'idempotency-key': 'chaos',
      'content-type': 'application/json',
    },
  }));

async function snapshot(): Promise<string> {
  const { deps } = gateway;
  const audit = (await deps.audit.listByDay('2026-01-01', { limit: 1000 })).items.filter(
    (event) => event.result !== 'Denied',
  );
  return JSON.stringify({
    keySets: (await deps.keySets.listAll({ limit: 1000 })).items,
    operations: (await deps.operations.listByKey(keyId, { limit: 1000 })).items,
    kms: [...deps.kms.keys.keys()],
    workflows: deps.workflows.started,
    idempotency: deps.idempotency.size,
    audit,
  });
}

describe('fuzzing the REST API', () => {
  it(`answers ${RUNS} malformed requests with a JSON 4xx and changes nothing`, async () => {
    const before = await snapshot();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ arbitrary: malformed, weight: 4 }, { arbitrary: chaos, weight: 1 }),
        async (sample) => {
          const response = await fetch(`${gateway.baseUrl}${sample.path}`, {
            method: sample.method,
            headers: sample.headers,
            ...(sample.body !== undefined && sample.method !== 'GET' && { body: sample.body }),
          });
          const text = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          const answer = JSON.parse(text) as Record<string, unknown>;
          expect(answer).toMatchObject({
            error: expect.any(String),
            message: expect.any(String),
            requestId: expect.any(String),
          });
        },
      ),
      { numRuns: RUNS },
    );
    expect(await snapshot()).toBe(before);
    // The defects reach every layer: authorizer, parsing, validation, idempotency and routing.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 401, 404, 415]));
  });
});
