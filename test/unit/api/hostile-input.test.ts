// Hostile names and bodies at the Lambda boundary: names of Object.prototype members are data, deep or
// duplicate-property bodies are a 400 before any parsing that could recurse, and nothing answers 5xx.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestParts } from '../../../local/api-gateway/to-proxy-event.js';
import { createHealthApiHandler, createKeysApiHandler } from '../../../src/app/api/create-api-handler.js';
import { fakeDeps } from './helpers/fake-deps.js';
import { json, sampleEvent } from './helpers/sample-events.js';

/** Read through a variable: the name itself, not the accessor. */
const PROTO = '__proto__';
const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** What API Gateway sends is JSON: its header and query maps may hold an own `__proto__` property. */
function jsonRecord(names: readonly string[], value: string): Record<string, string> {
  return JSON.parse(`{${names.map((name) => `${JSON.stringify(name)}:${JSON.stringify(value)}`).join(',')}}`);
}

describe('names of Object.prototype members', () => {
  it('are plain header names on every route, /health included', async () => {
    const deps = fakeDeps();
    const health = createHealthApiHandler(deps);
    const keys = createKeysApiHandler(deps);
    const headers = jsonRecord(PROTO_NAMES, 'x');
    const healthEvent = sampleEvent('get-health', { headers });
    expect((await health(healthEvent)).statusCode).toBe(200);
    const created = await keys(sampleEvent('create-key', { headers }));
    expect(created.statusCode).toBe(202);
  });

  it('are refused like any unknown query parameter, with a 400 naming them', async () => {
    const deps = fakeDeps();
    for (const name of PROTO_NAMES) {
      const event = sampleEvent('list-keys', { query: jsonRecord([name], '1') });
      event.multiValueQueryStringParameters = JSON.parse(`{${JSON.stringify(name)}:["1"]}`);
      const answer = await createKeysApiHandler(deps)(event);
      expect(answer.statusCode, name).toBe(400);
      expect(json(answer).message).toContain(name);
    }
  });

  it('the local gateway keeps them as entries of its header and query records', () => {
    const request = {
      method: 'GET',
      rawHeaders: ['constructor', 'a', '__proto__', 'b', 'toString', 'c', 'toString', 'd'],
      socket: { remoteAddress: '127.0.0.1' },
    } as unknown as IncomingMessage;
    const parts = requestParts(request, new URL('http://x/health?__proto__=1&hasOwnProperty=2'), null);
    expect(parts.headers.constructor).toBe('a');
    expect(parts.headers[PROTO]).toBe('b');
    expect(parts.multiValueHeaders.toString).toEqual(['c', 'd']);
    expect(parts.query?.[PROTO]).toBe('1');
    expect(parts.multiValueQuery?.hasOwnProperty).toEqual(['2']);
  });
});

describe('request bodies', () => {
  it('a property given twice is a 400 and creates nothing', async () => {
    const deps = fakeDeps();
    const handler = createKeysApiHandler(deps);
    const answer = await handler(
      sampleEvent('create-key', {
        rawBody: '{"tenant":"payments","primaryRegion":"us-east-1","tenant":"search"}',
      }),
    );
    expect(answer.statusCode).toBe(400);
    expect(json(answer)).toMatchObject({
      error: 'ValidationError',
      details: { rule: 'duplicate', path: 'tenant' },
    });
    expect(deps.kms.keys.size).toBe(0);
  });

  it('a policy nested 6,000 levels deep is a 400 naming the limit, not a RangeError', async () => {
    const deps = fakeDeps();
    const handler = createKeysApiHandler(deps);
    const policy = `${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}`;
    const create = await handler(
      sampleEvent('create-key', {
        rawBody: `{"tenant":"payments","primaryRegion":"us-east-1","policy":${policy}}`,
      }),
    );
    expect(create.statusCode).toBe(400);
    expect(json(create).message).toMatch(/deeper than 64 levels/);
    const patch = await handler(
      sampleEvent('update-key', { rawBody: `{"policy":${policy}}`, headers: { 'if-match': '"1"' } }),
    );
    expect(patch.statusCode).toBe(400);
    expect(deps.kms.keys.size).toBe(0);
  });

  it('the property name __proto__ is a 400 (it would silently become a prototype)', async () => {
    const deps = fakeDeps();
    const answer = await createKeysApiHandler(deps)(
      sampleEvent('create-key', {
        rawBody: '{"tenant":"payments","primaryRegion":"us-east-1","tags":{"__proto__":"x"}}',
      }),
    );
    expect(answer.statusCode).toBe(400);
    expect(json(answer).message).toContain('__proto__');
    expect(deps.kms.keys.size).toBe(0);
  });

  it('a number beyond the double range or a lone surrogate is a 400, not a 500 or a stored oddity', async () => {
    const deps = fakeDeps();
    const handler = createKeysApiHandler(deps);
    const policy = (extra: string) =>
      `{"Version":"2012-10-17",${extra}"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*"}]}`;
    for (const rawBody of [
      `{"tenant":"payments","primaryRegion":"us-east-1","policy":${policy('"x":1e999,')}}`,
      `{"tenant":"payments","primaryRegion":"us-east-1","policy":${policy('"x":[-1e400],')}}`,
      '{"tenant":"payments","primaryRegion":"us-east-1","description":"\\ud800"}',
      '{"tenant":"payments","primaryRegion":"us-east-1","tags":{"\\udc00x":"a"}}',
    ]) {
      const answer = await handler(sampleEvent('create-key', { rawBody }));
      expect(answer.statusCode, rawBody).toBe(400);
      expect(json(answer)).toMatchObject({ error: 'ValidationError' });
    }
    expect(deps.kms.keys.size).toBe(0);
  });
});
