// What the API accepts can always be recorded: a key set whose DynamoDB item would outgrow its budget once
// every Region is recorded is refused with a 400 before any KMS call; one within it is recorded completely.
import { ListKeysCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoItemBytes, projectedKeySetItemBytes } from '../../../src/adapters/aws/dynamodb/item-size.js';
import { toKeySetItem } from '../../../src/adapters/aws/dynamodb/key-set-item.js';
import { KEY_SET_ITEM_BUDGET_BYTES } from '../../../src/app/api/schemas/key-set-budget.js';
import { canonicalJson } from '../../../src/core/json/canonical-json.js';
import { type ApiStack, startApiStack } from './api-stack.js';

const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'ap-southeast-2',
  'ap-northeast-1',
];
let api: ApiStack;
let token: string;

beforeAll(async () => {
  api = await startApiStack({ allowedRegions: REGIONS });
  token = await api.token({ sub: 'root', tenants: [], roles: ['admin'] });
});
afterAll(async () => {
  await api?.close();
});

/** A policy of exactly `bytes` bytes of canonical JSON that lets the account root do everything. */
function policyOf(bytes: number): Record<string, unknown> {
  const make = (pad: string) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: pad,
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  });
  const policy = make('S'.repeat(bytes - canonicalJson(make('')).length));
  expect(canonicalJson(policy).length).toBe(bytes);
  return policy;
}

function tagsOf(count: number, keyLength: number, valueLength: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, index) => [
      `${index}`.padStart(3, '0').padEnd(keyLength, 'k'),
      'v'.repeat(valueLength),
    ]),
  );
}

function aliasesOf(count: number, length: number, prefix: string): string[] {
  return Array.from({ length: count }, (_, index) => `alias/${prefix}-${index}-`.padEnd(length, 'a'));
}

async function kmsKeyCount(): Promise<number> {
  let total = 0;
  for (const region of REGIONS) {
    total += (await api.kms(region).send(new ListKeysCommand({}))).Keys?.length ?? 0;
  }
  return total;
}

describe('the DynamoDB item limit cannot be reached by an accepted request', () => {
  it('refuses a create at the old documented maxima with a 400 naming the limit, before any KMS call', async () => {
    const before = await kmsKeyCount();
    const replicas = REGIONS.slice(1);
    const body = {
      tenant: 'payments',
      primaryRegion: REGIONS[0],
      replicaRegions: replicas,
      description: 'd'.repeat(8192),
      policy: policyOf(32_768),
      tags: tagsOf(49, 128, 256),
      aliases: aliasesOf(20, 256, 'base'),
      regionOverrides: Object.fromEntries(
        replicas
          .slice(0, 6)
          .map((region) => [region, { description: 'o'.repeat(8192), tags: tagsOf(49, 128, 256) }]),
      ),
    };
    const answer = await api.call(token, 'POST', '/keys', body, { 'idempotency-key': 'too-big-1' });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('ValidationError');
    expect(answer.body.message).toContain(`the limit is ${KEY_SET_ITEM_BUDGET_BYTES} bytes`);
    // Every override at its maxima too: the body alone is over the API's 256 KB (413), still before KMS.
    const full = {
      description: 'd'.repeat(8192),
      policy: policyOf(32_768),
      tags: tagsOf(49, 128, 256),
      aliases: aliasesOf(20, 256, 'o'),
    };
    const fuller = {
      ...body,
      regionOverrides: Object.fromEntries(replicas.slice(0, 6).map((region) => [region, full])),
    };
    expect((await api.call(token, 'POST', '/keys', fuller, { 'idempotency-key': 'too-big-2' })).status).toBe(
      413,
    );
    expect(await kmsKeyCount()).toBe(before);
    expect((await api.call(token, 'GET', '/keys')).body.items).toEqual([]);
  });

  it('records completely a create just within the budget: 32 KB policy, 49 tags, 20 aliases, 8 KB description, 8 replicas', async () => {
    const before = await kmsKeyCount();
    const body = {
      tenant: 'payments',
      primaryRegion: REGIONS[0],
      replicaRegions: REGIONS.slice(1),
      description: 'd'.repeat(8192),
      policy: policyOf(32_768),
      tags: tagsOf(49, 40, 100),
      aliases: aliasesOf(20, 64, 'fits'),
      regionOverrides: { 'eu-west-1': { policy: policyOf(20_000), description: 'e'.repeat(8192) } },
    };
    const created = await api.call(token, 'POST', '/keys', body, { 'idempotency-key': 'fits-1' });
    expect(created.status, JSON.stringify(created.body).slice(0, 500)).toBe(202);
    const operation = await api.settle(token, created.body.operation);
    expect(operation.status).toBe('Succeeded');
    expect(await kmsKeyCount()).toBe(before + REGIONS.length);
    const keySet = await api.deps.keySets.get(created.body.key.keyId);
    expect(Object.keys(keySet!.members).sort()).toEqual([...REGIONS].sort());
    for (const member of Object.values(keySet!.members)) {
      expect(Object.keys(member.tags).length).toBeGreaterThanOrEqual(49);
      expect(member.aliases).toHaveLength(20);
    }
    // The projection is an upper bound of what was really stored.
    const stored = dynamoItemBytes(toKeySetItem(keySet!));
    expect(stored).toBeLessThanOrEqual(projectedKeySetItemBytes(keySet!));
    expect(projectedKeySetItemBytes(keySet!)).toBeLessThanOrEqual(KEY_SET_ITEM_BUDGET_BYTES);
    // A change of that large key set is accepted, its answer (the whole key) kept for its Idempotency-Key,
    // and recorded in every Region.
    const etag = (await api.call(token, 'GET', `/keys/${keySet!.keyId}`)).headers.get('etag')!;
    const patched = await api.call(
      token,
      'PATCH',
      `/keys/${keySet!.keyId}`,
      { description: 'z'.repeat(8192) },
      { 'idempotency-key': 'fits-2', 'if-match': etag },
    );
    expect(patched.status, JSON.stringify(patched.body).slice(0, 300)).toBe(202);
    expect((await api.settle(token, patched.body.operation)).status).toBe('Succeeded');
    const replay = await api.call(
      token,
      'PATCH',
      `/keys/${keySet!.keyId}`,
      { description: 'z'.repeat(8192) },
      { 'idempotency-key': 'fits-2', 'if-match': etag },
    );
    expect(replay.status).toBe(202);
    const after = await api.deps.keySets.get(keySet!.keyId);
    for (const member of Object.values(after!.members)) {
      expect(member.description).toBe((member.region === 'eu-west-1' ? 'e' : 'z').repeat(8192));
    }
  });

  it('refuses a PATCH that would outgrow the budget, changing nothing', async () => {
    const listed = (await api.call(token, 'GET', '/keys')).body.items;
    const keyId = listed[0].keyId as string;
    const version = (await api.deps.keySets.get(keyId))!.version;
    const overrides = Object.fromEntries(
      REGIONS.slice(1, 7).map((region) => [
        region,
        { policy: policyOf(32_768), description: 'x'.repeat(8192) },
      ]),
    );
    const answer = await api.call(token, 'PATCH', `/keys/${keyId}`, { regionOverrides: overrides });
    expect(answer.status).toBe(400);
    expect(answer.body.details).toMatchObject({ rule: 'storageLimit', limit: KEY_SET_ITEM_BUDGET_BYTES });
    expect((await api.deps.keySets.get(keyId))!.version).toBe(version);
  });
});
