// Names of Object.prototype members through the real local stack: header and query names on every kind of
// route (/health included, without a token), and tag keys and alias names that KMS and the table both keep.
import { ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiStack, startApiStack } from './api-stack.js';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
let api: ApiStack;
let token: string;

beforeAll(async () => {
  api = await startApiStack();
  token = await api.token({ sub: 'alice', tenants: ['payments'], roles: ['operator'] });
});
afterAll(async () => {
  await api?.close();
});

async function raw(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.baseUrl}${path}`, { headers });
  return { status: response.status, body: JSON.parse(await response.text()) };
}

describe('prototype-member names through the local stack', () => {
  it('are ordinary header names on /health, /openapi.json and an authorized route', async () => {
    const headers = Object.fromEntries(NAMES.map((name) => [name, 'x']));
    expect((await raw('/health', headers)).status).toBe(200);
    expect((await raw('/openapi.json', headers)).status).toBe(200);
    expect((await raw('/keys', { ...headers, authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await raw('/keys', headers)).status).toBe(401);
  });

  it('are refused as unknown query parameters with a 400 naming them, /health included', async () => {
    for (const name of NAMES) {
      for (const [path, headers] of [
        [`/health?${name}=1`, {}],
        [`/keys?${name}=1`, { authorization: `Bearer ${token}` }],
      ] as const) {
        const answer = await raw(path, headers);
        expect(answer.status, path).toBe(400);
        expect(answer.body).toMatchObject({
          error: 'ValidationError',
          message: expect.stringContaining(name),
        });
      }
    }
  });

  it('a create with tags named constructor and toString is recorded and applied in every Region', async () => {
    const tags = { constructor: 'x', toString: 'y', hasOwnProperty: 'z', team: 'payments' };
    const created = await api.call(token, 'POST', '/keys', {
      tenant: 'payments',
      primaryRegion: 'us-east-1',
      replicaRegions: ['eu-west-1'],
      tags,
      aliases: ['alias/constructor', 'alias/__proto__'],
      regionOverrides: { 'eu-west-1': { tags: { valueOf: 'eu' } } },
    });
    expect(created.status).toBe(202);
    const operation = await api.settle(token, created.body.operation);
    expect(operation.status).toBe('Succeeded');
    const keyId = created.body.key.keyId as string;
    for (const [region, expected] of [
      ['us-east-1', tags],
      ['eu-west-1', { ...tags, valueOf: 'eu' }],
    ] as const) {
      const listed = await api.kms(region).send(new ListResourceTagsCommand({ KeyId: keyId }));
      const inKms = Object.fromEntries(
        (listed.Tags ?? [])
          .filter((tag) => !tag.TagKey!.startsWith('mrk-control-plane:'))
          .map((tag) => [tag.TagKey!, tag.TagValue!]),
      );
      expect(inKms).toEqual(expected);
    }
    const key = await api.call(token, 'GET', `/keys/${keyId}`);
    expect(key.body.desired.tags).toEqual(tags);
    const drift = await api.call(token, 'GET', `/keys/${keyId}/drift?live=true`);
    expect(drift.body.status).toBe('InSync');
  });

  it('the local token route refuses a body that names a property twice (the last would win)', async () => {
    const response = await fetch(`${api.baseUrl}/_local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"sub":"alice","roles":["viewer"],"roles":["admin"]}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'ValidationError',
      message: expect.stringContaining('roles'),
    });
  });
});
