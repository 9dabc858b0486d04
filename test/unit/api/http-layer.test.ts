// The HTTP layer: odd events never give a 5xx, body limits and media types, logging context, entry points.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKeysApiHandler } from '../../../src/app/api/create-api-handler.js';
import { fakeDeps } from './helpers/fake-deps.js';
import { forKey, json, sampleEvent } from './helpers/sample-events.js';
import { seedKey } from './helpers/seed.js';

describe('request parsing', () => {
  it('answers 413 for a body over 256 KB and 415 for a non-JSON media type', async () => {
    const handler = createKeysApiHandler(fakeDeps());
    const large = await handler(
      sampleEvent('create-key', { rawBody: `{"description":"${'x'.repeat(300_000)}"}` }),
    );
    expect(large.statusCode).toBe(413);
    const xml = await handler(sampleEvent('create-key', { headers: { 'Content-Type': 'application/xml' } }));
    expect(xml.statusCode).toBe(415);
    expect(json(xml)).toMatchObject({ error: 'UnsupportedMediaType' });
  });

  it('decodes base64 bodies and refuses a repeated query parameter', async () => {
    const deps = fakeDeps();
    const handler = createKeysApiHandler(deps);
    const event = sampleEvent('create-key');
    const decoded = await handler({
      ...event,
      body: Buffer.from(event.body!).toString('base64'),
      isBase64Encoded: true,
    });
    expect(decoded.statusCode).toBe(202);
    const repeated = sampleEvent('list-keys');
    repeated.multiValueQueryStringParameters = { tenant: ['a', 'b'] };
    expect((await handler(repeated)).statusCode).toBe(400);
  });

  it('never answers 5xx to arbitrary event fields', async () => {
    const deps = fakeDeps();
    const key = await seedKey(deps);
    const handler = createKeysApiHandler(deps);
    const base = forKey('update-key', key.keyId);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          body: fc.oneof(
            fc.constant(null),
            fc.string(),
            fc.jsonValue().map((value) => JSON.stringify(value)),
            fc.anything(),
          ),
          headers: fc.oneof(
            fc.constant(null),
            fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.anything())),
          ),
          pathParameters: fc.oneof(fc.constant(null), fc.dictionary(fc.string(), fc.string())),
          query: fc.oneof(fc.constant(null), fc.dictionary(fc.string(), fc.string())),
          isBase64Encoded: fc.boolean(),
        }),
        async (changes) => {
          const event = {
            ...base,
            body: changes.body as string | null,
            headers: changes.headers as Record<string, string>,
            pathParameters: changes.pathParameters,
            queryStringParameters: changes.query,
            multiValueQueryStringParameters: null,
            isBase64Encoded: changes.isBase64Encoded,
          };
          const result = await handler(event);
          expect(result.statusCode).toBeLessThan(500);
          expect(json(result)).toMatchObject({ requestId: expect.any(String) });
        },
      ),
      { numRuns: 300 },
    );
    expect(deps.workflows.started).toEqual([]);
  });
});

describe('logging and metrics', () => {
  it('logs with the request id and principal, and counts each request by operation and outcome', async () => {
    const deps = fakeDeps();
    const handler = createKeysApiHandler(deps);
    await handler(sampleEvent('create-key'));
    await handler(sampleEvent('get-key'));
    const served = deps.telemetry.entries.find((entry) => entry.message === 'Request served');
    expect(served?.keys).toMatchObject({
      requestId: 'req-create-key',
      principal: 'alice',
      route: 'POST /keys',
    });
    expect(deps.telemetry.requests).toEqual([
      { operation: 'POST /keys', outcome: 'Success', status: 202 },
      { operation: 'GET /keys/{keyId}', outcome: 'ClientError', status: 404 },
    ]);
  });
});

describe('Lambda entry points', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('build their handlers from the environment once, and refuse to start without it', async () => {
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('KEYS_TABLE_NAME', 'KeysTable');
    vi.stubEnv('ALLOWED_REGIONS', 'us-east-1,eu-west-1');
    vi.stubEnv('STATE_MACHINE_ARN_PREFIX', 'arn:aws:states:us-east-1:111122223333:stateMachine:mrk-');
    vi.stubEnv('PAGE_TOKEN_SECRET', 'a-page-token-secret-for-tests');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.stubEnv('LOG_LEVEL', 'ERROR');
    const health = await import('../../../functions/api/health-api.js');
    const result = await health.handler(sampleEvent('get-health'));
    expect(result.statusCode).toBe(200);
    const modules = [
      await import('../../../functions/api/keys-api.js'),
      await import('../../../functions/api/operations-api.js'),
      await import('../../../functions/api/audit-api.js'),
    ];
    for (const module of modules) {
      expect(typeof module.handler).toBe('function');
      expect(typeof module.createHandler).toBe('function');
    }
    vi.resetModules();
    vi.stubEnv('PAGE_TOKEN_SECRET', '');
    await expect(import('../../../functions/api/keys-api.js')).rejects.toThrow(
      /PAGE_TOKEN_SECRET is required/,
    );
  });
});
