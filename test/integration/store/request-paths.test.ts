import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditDigestStore } from '../../../src/adapters/aws/dynamodb/dynamo-audit-digest-store.js';
import { toDomainError } from '../../../src/adapters/aws/dynamodb/dynamo-errors.js';
import { createDynamoStore } from '../../../src/adapters/aws/dynamodb/dynamo-store.js';
import { auditEventId } from '../../../src/core/audit/audit-chain.js';
import { buildAuditDigest } from '../../../src/core/audit/audit-digest.js';
import { DependencyError, publicError, ThrottledError } from '../../../src/core/errors.js';
import { KEY_ID, keySetFixture, memberFixture, NOW } from '../../unit/core/fixtures.js';
import { type StoreFixture, startStore } from './store-fixture.js';

let store: StoreFixture;
beforeAll(async () => {
  store = await startStore();
});
afterAll(async () => {
  await store.close();
});

// Every request path of the three repositories, once; DynamoDB reports what each request touched.
async function exerciseEveryPath(): Promise<void> {
  await store.keySets.create(keySetFixture());
  await store.keySets.get(KEY_ID);
  await store.keySets.update(
    KEY_ID,
    1,
    { status: 'Active' },
    { lock: { operationId: 'op-1', leaseMs: 1000 } },
  );
  await store.keySets.acquireLock(KEY_ID, { operationId: 'op-1', leaseMs: 1000 });
  await store.keySets.update(KEY_ID, 1, { status: 'Active' }).catch(() => undefined);
  await store.keySets.recordMembers(KEY_ID, [memberFixture('us-east-1')]);
  await store.keySets.recordDrift(KEY_ID, { status: 'InSync', findings: [], scannedAt: NOW });
  await store.keySets.releaseLock(KEY_ID, 'op-1');
  await store.keySets.listByTenant('payments');
  await store.keySets.listAll();
  const operation = {
    operationId: 'op-1',
    type: 'Replicate' as const,
    keyId: KEY_ID,
    tenant: 'payments',
    requestedBy: 'alice',
    status: 'Pending' as const,
    regions: {},
    createdAt: NOW,
    updatedAt: NOW,
  };
  await store.operations.create(operation);
  await store.operations.create(operation);
  await store.operations.get('op-1');
  await store.operations.recordStep('op-1', 'eu-west-1', { status: 'Running', updatedAt: NOW });
  await store.operations.setStatus('op-1', 'Succeeded');
  await store.operations.listByKey(KEY_ID);
  const event = {
    eventId: auditEventId('op-1', 'done'),
    keyId: KEY_ID,
    writerRegion: 'us-east-1',
    at: NOW,
    actor: 'alice',
    action: 'Replicate',
    requestId: 'r-1',
    result: 'Succeeded' as const,
  };
  await store.audit.append(event);
  await store.audit.append(event);
  await store.audit.readChain(KEY_ID, 'us-east-1');
  await store.audit.listByKey(KEY_ID);
  await store.audit.listByDay('2026-01-01');
  // The signed digests: chain registry and heads, the link at a head, storing and reading digests.
  const digests = new DynamoAuditDigestStore(store.table);
  const heads = (await digests.listChainHeads('us-east-1')).items;
  await digests.linkAt(KEY_ID, 'us-east-1', 1);
  const unsigned = buildAuditDigest(undefined, heads, { writerRegion: 'us-east-1', createdAt: NOW });
  const digest = { ...unsigned, signature: { keyArn: 'k', algorithm: 'ECDSA_SHA_256', value: 'c2ln' } };
  await digests.saveDigest(digest, heads);
  await digests.saveDigest(digest, heads);
  await digests.listDigests('us-east-1');
  await digests.listDigestHeads(digest);
}

describe('KeysTable request paths', () => {
  it('never scan: every request is a key read/write or a Query on the table or a named index', async () => {
    await exerciseEveryPath();
    expect(new Set(store.wireCommands)).toEqual(
      new Set([
        'PutItemCommand',
        'GetItemCommand',
        'UpdateItemCommand',
        'QueryCommand',
        'BatchWriteItemCommand',
      ]),
    );
    expect(store.requests.length).toBe(store.wireCommands.length);
    const failed = store.requests.filter((request) => request.error !== undefined);
    // The stale update, the repeated create, append and digest meet their conditions, as designed.
    expect(failed.map((request) => request.error)).toEqual(
      Array(failed.length).fill('ConditionalCheckFailedException'),
    );
    for (const request of store.requests.filter((item) => item.error === undefined)) {
      expect(request.consumed?.[0]?.TableName).toBe('KeysTable');
      expect(request.consumed?.[0]?.CapacityUnits).toBeTypeOf('number');
    }
    const queries = store.requests.filter((request) => request.operation === 'Query');
    expect(new Set(queries.map((query) => query.indexName ?? 'table'))).toEqual(
      new Set(['table', 'GSI1', 'GSI2']),
    );
    // A page of a listing reads a handful of items, not the table: capacity stays small.
    for (const query of queries) expect(query.consumed?.[0]?.CapacityUnits).toBeLessThan(10);
  });
});

describe('SDK errors become domain errors with the SDK error as cause', () => {
  it('a missing table is a DependencyError (503), never a raw SDK error', async () => {
    const broken = createDynamoStore({
      client: store.dynamo.documentClient,
      tableName: 'NoSuchTable',
      pageTokenSecret: 'test-page-token-secret',
      clock: store.clock,
    });
    const failure = broken.keySets.get(KEY_ID);
    await expect(failure).rejects.toBeInstanceOf(DependencyError);
    await failure.catch((error: DependencyError) => {
      expect(error.status).toBe(503);
      expect((error.cause as Error).name).toBe('ResourceNotFoundException');
      expect(publicError(error).message).not.toContain('NoSuchTable');
    });
  });

  it.each([
    ['ProvisionedThroughputExceededException', ThrottledError],
    ['ThrottlingException', ThrottledError],
    ['InternalServerError', DependencyError],
    ['TimeoutError', DependencyError],
  ])('%s -> %s', (name, ErrorClass) => {
    const sdkError = Object.assign(new Error('boom'), { name });
    const mapped = toDomainError(sdkError, 'Query');
    expect(mapped).toBeInstanceOf(ErrorClass);
    expect(mapped.cause).toBe(sdkError);
  });
});
