// A generated API fuzz against the real local stack: requests made with fast-check from the OpenAPI document
// the stack serves, to every route it lists, each with at least one defect (wrong types, huge and deep values,
// duplicate or __proto__ properties, prototype names as headers, query, path and body names, bad headers,
// wrong content types, invalid ids and Regions) plus hostile noise. None may answer 5xx, every refusal is a
// JSON error with a message, no refused request creates a KMS key or changes a key set, and the stack stays healthy.
import { ListKeysCommand } from '@aws-sdk/client-kms';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiStack, startApiStack } from './api-stack.js';

const RUNS = 2_400;
const CONCURRENCY = 8;
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2'];
const PROTO_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
];
/** Names a strict schema does not know (so using one as a property is a defect). */
const UNKNOWN_NAMES = PROTO_NAMES.filter((name) => name !== '__proto__');

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is read as loose JSON.
type Json = any;

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly public: boolean;
  readonly mutation: boolean;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly { name: string; schema: Json }[];
  /** The JSON Schema of the body, if the route takes one. */
  readonly body: Json | undefined;
}

interface Sample {
  readonly operation: Operation;
  readonly defect: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

let api: ApiStack;
let admin: string;
let operator: string;
let operations: Operation[];
let seeded: { keyId: string; operationId: string };

async function kmsKeyIds(): Promise<string[]> {
  const ids: string[] = [];
  for (const region of REGIONS) {
    const listed = await api.kms(region).send(new ListKeysCommand({ Limit: 1000 }));
    ids.push(...(listed.Keys ?? []).map((key) => `${region}/${key.KeyId}`));
  }
  return ids.sort();
}

beforeAll(async () => {
  api = await startApiStack();
  admin = await api.token({ sub: 'root', tenants: [], roles: ['admin'] });
  operator = await api.token({ sub: 'alice', tenants: ['payments'], roles: ['operator'] });
  const created = await api.call(admin, 'POST', '/keys', {
    tenant: 'payments',
    primaryRegion: 'us-east-1',
    replicaRegions: ['eu-west-1'],
    tags: { constructor: 'seed' },
  });
  expect(created.status).toBe(202);
  expect((await api.settle(admin, created.body.operation)).status).toBe('Succeeded');
  seeded = { keyId: created.body.key.keyId, operationId: created.body.operation.operationId };
  const document = (await api.call(undefined, 'GET', '/openapi.json')).body;
  operations = [];
  for (const [path, methods] of Object.entries<Json>(document.paths)) {
    for (const [method, operation] of Object.entries<Json>(methods)) {
      const parameters: Json[] = operation.parameters ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        public: (operation.security ?? []).length === 0,
        mutation: parameters.some((parameter) => parameter.name === 'Idempotency-Key'),
        pathParams: parameters
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => parameter.name),
        queryParams: parameters
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => ({ name: parameter.name, schema: parameter.schema })),
        body: operation.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
});

afterAll(async () => {
  await api?.close();
});

// ---- values ---------------------------------------------------------------------------------------------

const protoName = fc.constantFrom(...PROTO_NAMES);
const unknownName = fc.constantFrom(...UNKNOWN_NAMES);
const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 80,
});
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  printable,
  protoName,
  fc.constantFrom('x'.repeat(5_000), '\u0000', '\uD800', '../..', '%00', '" OR 1=1 --', '$' + '{jndi:x}'),
);
const badRegion = fc.oneof(
  fc.constantFrom(
    'us-east-99',
    'EU-WEST-1',
    'mars-north-1',
    'us-east-1 ',
    'us_east_1',
    'x'.repeat(40),
    'cn-north-1',
  ),
  protoName,
  printable.filter((text) => text.trim().length > 0),
);
const badKeyId = fc.oneof(
  protoName,
  fc.constantFrom(
    `mrk-${'0'.repeat(31)}`,
    `mrk-${'A'.repeat(32)}`,
    `mrk-${'f'.repeat(32)}`, // well-formed, unknown: 404
    '1234abcd-12ab-34cd-56ef-1234567890ab',
    `arn:aws:kms:us-east-1:111122223333:key/mrk-${'0'.repeat(32)}`,
    'alias/payments',
  ),
  printable.filter((text) => text.trim().length > 0),
);
/** Hostile but well-typed JSON: prototype names as properties (never __proto__), long strings, some depth. */
const noiseValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    anyText,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(unknownName, fc.string({ maxLength: 10 })), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A value of a type the property schema does not allow. */
function wrongValueFor(schema: Json): fc.Arbitrary<unknown> {
  const types = new Set<string>(
    [schema?.type, ...(schema?.anyOf ?? []).map((option: Json) => option.type)].flat().filter(Boolean),
  );
  const candidates: fc.Arbitrary<unknown>[] = [];
  if (!types.has('string')) candidates.push(anyText.filter((text) => text.length > 0));
  if (!types.has('number') && !types.has('integer')) candidates.push(fc.double({ noNaN: true }));
  if (!types.has('boolean')) candidates.push(fc.boolean());
  if (!types.has('array')) candidates.push(fc.array(noiseValue, { maxLength: 3 }));
  if (!types.has('object'))
    candidates.push(fc.dictionary(unknownName, noiseValue, { minKeys: 1, maxKeys: 3 }));
  if (!types.has('null') && schema?.default === undefined) candidates.push(fc.constant(null));
  if (schema?.enum) candidates.push(fc.constant('NotAnEnumValue'));
  return fc.oneof(...candidates);
}

/** A plausible value for a body property (often valid), with prototype names wherever names are free. */
function plausibleValueFor(name: string, schema: Json): fc.Arbitrary<unknown> {
  switch (name) {
    case 'tenant':
      return fc.constantFrom('payments', 'search');
    case 'primaryRegion':
    case 'region':
      return fc.oneof({ arbitrary: fc.constantFrom(...REGIONS), weight: 3 }, badRegion);
    case 'replicaRegions':
    case 'regions':
      return fc.oneof(
        { arbitrary: fc.subarray(REGIONS.slice(1)), weight: 3 },
        fc.array(fc.oneof(fc.constantFrom(...REGIONS), badRegion), { maxLength: 25 }),
      );
    case 'tags':
      return fc.dictionary(fc.oneof(unknownName, fc.constantFrom('team', 'cost center')), printable, {
        maxKeys: 5,
      });
    case 'aliases':
      return fc.array(
        fc.oneof(unknownName, fc.constant('payments')).map((suffix) => `alias/${suffix}`),
        {
          maxLength: 3,
        },
      );
    case 'policy':
      return fc.record({
        Version: fc.constant('2012-10-17'),
        Statement: fc.array(noiseValue, { maxLength: 2 }),
        constructor: noiseValue,
      });
    case 'regionOverrides':
      return fc.dictionary(
        fc.oneof(fc.constantFrom(...REGIONS), unknownName),
        fc.record({ tags: fc.constant({ toString: 'x' }) }),
        {
          maxKeys: 2,
        },
      );
    case 'keyId':
      return fc.oneof(fc.constant(seeded.keyId), badKeyId);
    default:
      if (schema?.enum) return fc.constantFrom(...schema.enum);
      if (schema?.type === 'boolean') return fc.boolean();
      if (schema?.type === 'string') return anyText;
      return noiseValue;
  }
}

/** Percent-encodes any text, lone surrogates included (as U+FFFD, which is what a client would send). */
function encode(text: string): string {
  return encodeURIComponent(
    text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );
}

function deepText(depth: number, open: '[' | '{"a":'): string {
  const close = open === '[' ? ']' : '}';
  return `${open.repeat(depth)}${open === '[' ? '' : '1'}${close.repeat(depth)}`;
}

// ---- requests ---------------------------------------------------------------------------------------------

const BODY_DEFECTS = [
  'unknownProperty',
  'protoProperty',
  'wrongType',
  'deep',
  'duplicate',
  'notJson',
  'contentType',
  'huge',
  'numberRange',
];
const ANY_DEFECTS = [
  'badPathParam',
  'unknownQuery',
  'repeatedQuery',
  'badToken',
  'badIfMatch',
  'badIdempotencyKey',
  'bodyOnBodyless',
];

function defectsOf(operation: Operation): string[] {
  return [
    ...(operation.body !== undefined ? BODY_DEFECTS : []),
    ...(operation.pathParams.length > 0 ? ['badPathParam'] : []),
    'unknownQuery',
    ...(operation.queryParams.length > 0 ? ['repeatedQuery'] : []),
    ...(operation.public ? [] : ['badToken']),
    ...(operation.mutation ? ['badIfMatch', 'badIdempotencyKey'] : []),
    ...(operation.body === undefined && operation.method !== 'GET' ? ['bodyOnBodyless'] : []),
  ].filter((defect) => BODY_DEFECTS.includes(defect) || ANY_DEFECTS.includes(defect));
}

function sampleFor(operation: Operation): fc.Arbitrary<Sample> {
  const properties: Record<string, Json> = operation.body?.properties ?? {};
  const names = Object.keys(properties);
  return fc
    .record({
      defect: fc.constantFrom(...defectsOf(operation)),
      token: fc.constantFrom('admin', 'operator'),
      noiseHeaders: fc.dictionary(protoName, printable, { maxKeys: 4 }),
      body: fc.record(
        Object.fromEntries(names.map((name) => [name, plausibleValueFor(name, properties[name])])),
        { requiredKeys: [] },
      ),
      target: names.length > 0 ? fc.constantFrom(...names) : fc.constant('x'),
      wrong:
        names.length > 0 ? fc.oneof(...names.map((name) => wrongValueFor(properties[name]))) : fc.constant(1),
      name: unknownName,
      junk: anyText,
      depth: fc.oneof(fc.integer({ min: 65, max: 200 }), fc.integer({ min: 200, max: 10_000 })),
      badParam: fc.oneof(badKeyId, badRegion),
      query: fc.oneof(
        protoName,
        printable.filter((text) => text.length > 0),
      ),
      ascii: printable,
    })
    .map((drawn) => {
      const params: Record<string, string> = {
        keyId: seeded.keyId,
        region: 'eu-west-1',
        operationId: seeded.operationId,
        remediationId: 'remediation-1',
      };
      const headers: Record<string, string> = { ...drawn.noiseHeaders };
      // Noise never decides the answer: the stack's own headers are set after it.
      if (!operation.public) headers.authorization = `Bearer ${drawn.token === 'admin' ? admin : operator}`;
      let query = '';
      let body: string | undefined;
      let bodyValue: Record<string, unknown> = { ...drawn.body };
      if (operation.body !== undefined) {
        headers['content-type'] = 'application/json';
        // The target of a wrong type is named by the wrong value's index, so it differs from plausible ones.
        if (drawn.defect === 'wrongType' && names.length > 0) {
          const target = drawn.target;
          bodyValue = { ...bodyValue, [target]: wrongForTarget(properties[target], drawn.wrong) };
        }
        body = JSON.stringify(bodyValue);
        // A body with no properties: the wrong type is the body's own (an array, a string, a number).
        if (drawn.defect === 'wrongType' && names.length === 0) body = JSON.stringify([drawn.wrong]);
      }
      switch (drawn.defect) {
        case 'unknownProperty':
          body = JSON.stringify({ ...bodyValue, [drawn.name]: drawn.junk });
          break;
        case 'protoProperty':
          body = `{"__proto__":${JSON.stringify(drawn.junk)}${body && body !== '{}' ? `,${body.slice(1)}` : '}'}`;
          break;
        case 'deep':
          body = `{${JSON.stringify(names[0] ?? 'x')}:${deepText(drawn.depth, drawn.depth % 2 === 0 ? '[' : '{"a":')}}`;
          break;
        case 'duplicate': {
          const name = names[0] ?? 'x';
          body = `{${JSON.stringify(name)}:1,${JSON.stringify(name)}:2}`;
          break;
        }
        case 'numberRange':
          body = `{${JSON.stringify(drawn.target)}:{"n":${drawn.depth % 2 === 0 ? '-' : ''}1e${309 + (drawn.depth % 1000)}}}`;
          break;
        case 'notJson':
          body = `{${drawn.junk}`;
          break;
        case 'contentType':
          headers['content-type'] = `text/${drawn.junk.replace(/[^a-z]/g, '') || 'plain'}`;
          break;
        case 'huge':
          body = JSON.stringify({ ...bodyValue, description: 'h'.repeat(300_000) });
          break;
        case 'badPathParam':
          for (const name of operation.pathParams) params[name] = drawn.badParam;
          break;
        case 'unknownQuery':
          query = `?${encode(drawn.query)}=${encode(drawn.junk)}`;
          break;
        case 'repeatedQuery': {
          const name = operation.queryParams[0]!.name;
          query = `?${name}=1&${name}=2`;
          break;
        }
        case 'badToken':
          headers.authorization = drawn.token === 'admin' ? `Bearer ${drawn.ascii}` : drawn.name;
          break;
        case 'badIfMatch':
          headers['if-match'] = `v${drawn.ascii}`;
          break;
        case 'badIdempotencyKey':
          headers['idempotency-key'] = `${drawn.ascii} ${'k'.repeat(130)}`;
          break;
        case 'bodyOnBodyless':
          headers['content-type'] = 'application/json';
          body = JSON.stringify({ [drawn.name]: drawn.junk });
          break;
      }
      const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
        encodeURIComponent(params[name]!),
      );
      return {
        operation,
        defect: drawn.defect,
        method: operation.method,
        path: `${path}${query}`,
        headers,
        ...(body !== undefined && { body }),
      };
    });
}

/** The wrong value drawn for the target, or (if it was drawn for another property's type) one for the target. */
function wrongForTarget(schema: Json, drawn: unknown): unknown {
  const types = new Set<string>(
    [schema?.type, ...(schema?.anyOf ?? []).map((option: Json) => option.type)].flat().filter(Boolean),
  );
  const typeOf = (value: unknown) =>
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'array'
        : typeof value === 'number'
          ? 'number'
          : typeof value;
  const type = typeOf(drawn);
  const allowed = types.has(type) || (type === 'number' && types.has('integer'));
  if (!allowed && !(type === 'null' && schema?.default !== undefined)) return drawn;
  if (!types.has('number') && !types.has('integer')) return 12_345.5;
  return { [UNKNOWN_NAMES[0]!]: [] };
}

// ---- the run ----------------------------------------------------------------------------------------------

async function send(sample: Sample): Promise<{ status: number; text: string }> {
  const response = await fetch(`${api.baseUrl}${sample.path}`, {
    method: sample.method,
    headers: sample.headers,
    ...(sample.body !== undefined && sample.method !== 'GET' && { body: sample.body }),
  });
  return { status: response.status, text: await response.text() };
}

describe('a generated API fuzz against the local stack', () => {
  it(`answers ${RUNS} defective requests to every route with a JSON 4xx, creates nothing, stays healthy`, async () => {
    const kmsBefore = await kmsKeyIds();
    const keySetBefore = await api.deps.keySets.get(seeded.keyId);
    const arbitrary = fc.oneof(...operations.map(sampleFor));
    const samples = fc.sample(arbitrary, { numRuns: RUNS, seed: SEED });
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    const routes = new Set<string>();
    const defects = new Set<string>();
    let next = 0;
    const worker = async () => {
      while (next < samples.length) {
        const sample = samples[next++]!;
        routes.add(`${sample.operation.method} ${sample.operation.path}`);
        defects.add(sample.defect);
        const { status, text } = await send(sample);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const where = `[seed ${SEED}] ${sample.defect}: ${sample.method} ${sample.path.slice(0, 200)}`;
        if (status < 400 || status >= 500) {
          problems.push(`${where} answered ${status}: ${text.slice(0, 300)}`);
          continue;
        }
        let answer: Json;
        try {
          answer = JSON.parse(text);
        } catch {
          problems.push(`${where} answered ${status} without JSON: ${text.slice(0, 200)}`);
          continue;
        }
        if (
          typeof answer?.error !== 'string' ||
          typeof answer?.message !== 'string' ||
          answer.message === ''
        ) {
          problems.push(`${where} answered ${status} without { error, message }: ${text.slice(0, 200)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(problems.slice(0, 20), `${problems.length} problems`).toEqual([]);
    expect(samples.length).toBeGreaterThanOrEqual(2_000);
    // Every route of the document, every kind of defect, and refusals from every layer.
    expect(routes.size).toBe(operations.length);
    expect([...defects].sort()).toEqual([...new Set(operations.flatMap(defectsOf))].sort());
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([400, 401, 404, 413, 415]));
    // Nothing refused reached KMS or changed the key set.
    expect(await kmsKeyIds()).toEqual(kmsBefore);
    const keySetAfter = await api.deps.keySets.get(seeded.keyId);
    expect({ ...keySetAfter, drift: undefined }).toEqual({ ...keySetBefore, drift: undefined });
    // Healthy after.
    expect((await api.call(undefined, 'GET', '/health')).status).toBe(200);
    expect((await api.call(admin, 'GET', `/keys/${seeded.keyId}?live=true`)).status).toBe(200);
  });
});
