import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/core/errors.js';
import type { Operation } from '../../../src/core/model/operation.js';
import { KEY_ID, NOW } from '../../unit/core/fixtures.js';
import { type StoreFixture, startStore } from './store-fixture.js';

let store: StoreFixture;
beforeAll(async () => {
  store = await startStore();
});
afterAll(async () => {
  await store.close();
});

function operation(operationId: string, overrides: Partial<Operation> = {}): Operation {
  return {
    operationId,
    type: 'Replicate',
    keyId: KEY_ID,
    tenant: 'payments',
    requestedBy: 'alice',
    status: 'Pending',
    regions: { 'eu-west-1': { status: 'Pending', updatedAt: NOW } },
    input: { regions: ['eu-west-1'] },
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

describe('DynamoOperationRepository', () => {
  it('creates idempotently: the same request returns the stored operation, another one conflicts', async () => {
    const first = await store.operations.create(operation('op-1'));
    expect(await store.operations.create(operation('op-1', { requestedBy: 'retry' }))).toEqual(first);
    await expect(store.operations.create(operation('op-1', { type: 'Delete' }))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await store.operations.get('op-1')).toEqual(first);
    expect(await store.operations.get('op-missing')).toBeUndefined();
  });

  it('records per-Region steps and finishes once', async () => {
    await store.operations.create(operation('op-2'));
    await store.operations.setStatus('op-2', 'Running', {
      executionArn: 'arn:aws:states:us-east-1:111122223333:execution:x:y',
    });
    store.clock.advance(1000);
    const stepped = await store.operations.recordStep('op-2', 'eu-west-1', {
      status: 'Succeeded',
      note: 'adopted the existing replica',
      updatedAt: store.clock.now().toISOString(),
    });
    expect(stepped.regions['eu-west-1']).toMatchObject({
      status: 'Succeeded',
      note: 'adopted the existing replica',
    });
    expect(stepped.updatedAt).toBe('2026-01-01T00:00:01.000Z');
    const done = await store.operations.setStatus('op-2', 'Succeeded');
    expect(done).toMatchObject({
      status: 'Succeeded',
      executionArn: 'arn:aws:states:us-east-1:111122223333:execution:x:y',
    });
    // A retried final task writes the same status again: harmless.
    expect((await store.operations.setStatus('op-2', 'Succeeded')).status).toBe('Succeeded');
    const late = store.operations.setStatus('op-2', 'Failed', { error: { code: 'X', message: 'late' } });
    await expect(late).rejects.toBeInstanceOf(ConflictError);
    await expect(late).rejects.toMatchObject({ details: { status: 'Succeeded' } });
  });

  it('answers NotFound for steps and statuses of unknown operations', async () => {
    await expect(
      store.operations.recordStep('op-404', 'eu-west-1', { status: 'Running', updatedAt: NOW }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.operations.setStatus('op-404', 'Running')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists the operations of a key newest first, page by page', async () => {
    const keyId = 'mrk-99999999999999999999999999999999';
    for (let i = 0; i < 7; i++) {
      const createdAt = new Date(Date.parse(NOW) + i * 60_000).toISOString();
      await store.operations.create(operation(`op-list-${i}`, { keyId, createdAt, updatedAt: createdAt }));
    }
    const first = await store.operations.listByKey(keyId, { limit: 4 });
    const second = await store.operations.listByKey(keyId, { limit: 4, nextToken: first.nextToken });
    expect([...first.items, ...second.items].map((item) => item.operationId)).toEqual([
      'op-list-6',
      'op-list-5',
      'op-list-4',
      'op-list-3',
      'op-list-2',
      'op-list-1',
      'op-list-0',
    ]);
    expect(second.nextToken).toBeUndefined();
  });
});
