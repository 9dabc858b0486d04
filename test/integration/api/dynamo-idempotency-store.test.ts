// DynamoIdempotencyStore on dynalite: claim once, replay, resume a lapsed attempt, expiry as an attribute.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDynamo, startLocalDynamo } from '../../../local/dynamodb/start-local-dynamo.js';
import { KeysTable } from '../../../src/adapters/aws/dynamodb/keys-table.js';
import { DynamoIdempotencyStore } from '../../../src/app/api/idempotency/dynamo-idempotency-store.js';
import type { ClaimRequest } from '../../../src/app/api/idempotency/idempotency-store.js';

let dynamo: LocalDynamo;
let store: DynamoIdempotencyStore;
const T0 = new Date('2026-01-01T00:00:00Z');

beforeAll(async () => {
  dynamo = await startLocalDynamo({ port: 0 });
  const client = DynamoDBDocumentClient.from(dynamo.client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  store = new DynamoIdempotencyStore(
    new KeysTable({ client, tableName: 'KeysTable', pageTokenSecret: 'a-secret-of-16-chars' }),
  );
});
afterAll(() => dynamo?.close());

function claim(key: string, overrides: Partial<ClaimRequest> = {}) {
  return store.claim({
    principal: 'alice#1',
    key,
    requestHash: 'h1',
    now: T0,
    leaseMs: 60_000,
    ttlMs: 3_600_000,
    ...overrides,
  });
}

describe('DynamoIdempotencyStore', () => {
  it('lets one attempt claim a key; later claims see the record and replay the stored answer', async () => {
    expect((await claim('k1')).outcome).toBe('claimed');
    const running = await claim('k1');
    expect(running).toMatchObject({
      outcome: 'existing',
      record: { state: 'InProgress', requestHash: 'h1' },
    });
    await store.complete('alice#1', 'k1', { status: 202, body: { ok: true }, headers: { etag: '"1"' } });
    expect(await claim('k1', { requestHash: 'h2' })).toMatchObject({
      outcome: 'existing',
      record: { state: 'Completed', requestHash: 'h1', response: { status: 202, body: { ok: true } } },
    });
  });

  it('hands a released attempt with durable progress to the retry, which resumes from it', async () => {
    await claim('k2');
    await store.saveProgress('alice#1', 'k2', { keyId: 'mrk-1', operationId: 'op-1' });
    await store.release('alice#1', 'k2', true);
    expect(await claim('k2', { requestHash: 'other' })).toMatchObject({ outcome: 'existing' });
    expect(await claim('k2')).toMatchObject({
      outcome: 'claimed',
      record: { progress: { keyId: 'mrk-1', operationId: 'op-1' } },
    });
  });

  it('forgets a released attempt without progress, and treats an expired record as absent', async () => {
    await claim('k3');
    await store.release('alice#1', 'k3', false);
    expect((await claim('k3', { requestHash: 'new' })).outcome).toBe('claimed');
    await store.complete('alice#1', 'k3', { status: 200, body: null });
    const later = new Date(T0.getTime() + 3_600_001);
    expect(await claim('k3', { now: later, requestHash: 'fresh' })).toMatchObject({
      outcome: 'claimed',
      record: { requestHash: 'fresh', progress: {} },
    });
  });

  it('keeps principals apart even when ids contain separators', async () => {
    expect(
      (
        await store.claim({
          principal: 'a#b',
          key: 'k',
          requestHash: 'x',
          now: T0,
          leaseMs: 1,
          ttlMs: 60_000,
        })
      ).outcome,
    ).toBe('claimed');
    expect(
      (
        await store.claim({
          principal: 'a',
          key: 'b#k',
          requestHash: 'y',
          now: T0,
          leaseMs: 1,
          ttlMs: 60_000,
        })
      ).outcome,
    ).toBe('claimed');
  });
});
