import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toKeySetItem } from '../../../src/adapters/aws/dynamodb/key-set-item.js';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../../../src/core/errors.js';
import type { KeySet } from '../../../src/core/model/key-set.js';
import { KEY_ID, keySetFixture, memberFixture } from '../../unit/core/fixtures.js';
import { type StoreFixture, startStore } from './store-fixture.js';

let store: StoreFixture;
beforeAll(async () => {
  store = await startStore();
});
afterAll(async () => {
  await store.close();
});

function keyIdOf(n: number): string {
  return `mrk-${n.toString(16).padStart(32, '0')}`;
}

async function createKey(overrides: Partial<KeySet> = {}): Promise<KeySet> {
  return store.keySets.create(keySetFixture(overrides));
}

describe('DynamoKeySetRepository', () => {
  it('stores and reads a key set exactly, empty description and nested policy included', async () => {
    const keySet = keySetFixture({
      keyId: keyIdOf(1),
      desired: { ...keySetFixture().desired, description: '' },
    });
    await store.keySets.create(keySet);
    expect(await store.keySets.get(keySet.keyId)).toEqual({ ...keySet, version: 1 });
    expect(await store.keySets.get(keyIdOf(999_999))).toBeUndefined();
  });

  it('refuses to create a key set twice', async () => {
    await createKey({ keyId: keyIdOf(2) });
    await expect(createKey({ keyId: keyIdOf(2) })).rejects.toBeInstanceOf(ConflictError);
  });

  it('rejects an update with a stale version and keeps the stored state', async () => {
    const keyId = keyIdOf(3);
    await createKey({ keyId });
    const updated = await store.keySets.update(keyId, 1, {
      regions: ['us-east-1', 'eu-west-1', 'eu-central-1'],
    });
    expect(updated.version).toBe(2);
    const stale = store.keySets.update(keyId, 1, { regions: ['us-east-1'] });
    await expect(stale).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(stale).rejects.toMatchObject({ details: { expectedVersion: 1, currentVersion: 2 } });
    await stale.catch((error: Error) =>
      expect((error.cause as Error).name).toBe('ConditionalCheckFailedException'),
    );
    expect((await store.keySets.get(keyId))?.regions).toEqual(['us-east-1', 'eu-west-1', 'eu-central-1']);
  });

  it('ignores fields outside the changeable ones', async () => {
    const keyId = keyIdOf(4);
    await createKey({ keyId });
    const sneaky = { status: 'Deleting', version: 99, activeOperationId: 'op-x' } as never;
    const updated = await store.keySets.update(keyId, 1, sneaky);
    expect(updated).toMatchObject({ status: 'Deleting', version: 2 });
    expect(updated.activeOperationId).toBeUndefined();
  });

  it('answers NotFound for an unknown key', async () => {
    await expect(store.keySets.update(keyIdOf(404), 1, { status: 'Active' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      store.keySets.acquireLock(keyIdOf(404), { operationId: 'op-1', leaseMs: 1000 }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      store.keySets.recordMembers(keyIdOf(404), [memberFixture('us-east-1')]),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  describe('the per-key lock', () => {
    it('lets exactly one of many concurrent operations win; the others see who holds it', async () => {
      const keyId = keyIdOf(10);
      await createKey({ keyId });
      const attempts = Array.from({ length: 12 }, (_, i) =>
        store.keySets.acquireLock(keyId, { operationId: `op-${i}`, leaseMs: 60_000 }),
      );
      const results = await Promise.allSettled(attempts);
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.filter((result) => result.status === 'rejected');
      expect(won).toHaveLength(1);
      const holder = (won[0] as PromiseFulfilledResult<KeySet>).value.activeOperationId;
      expect(lost).toHaveLength(11);
      for (const result of lost) {
        expect(result.reason).toBeInstanceOf(ConflictError);
        expect(result.reason.details).toMatchObject({ activeOperationId: holder });
        expect(result.reason.message).toContain(holder);
      }
      expect((await store.keySets.get(keyId))?.activeOperationId).toBe(holder);
    });

    it('is re-entrant for its holder, frees only for its holder, and expires after the lease', async () => {
      const keyId = keyIdOf(11);
      await createKey({ keyId });
      await store.keySets.acquireLock(keyId, { operationId: 'op-a', leaseMs: 60_000 });
      await store.keySets.acquireLock(keyId, { operationId: 'op-a', leaseMs: 60_000 });
      expect(await store.keySets.releaseLock(keyId, 'op-b')).toBe(false);
      await expect(
        store.keySets.acquireLock(keyId, { operationId: 'op-b', leaseMs: 60_000 }),
      ).rejects.toBeInstanceOf(ConflictError);
      store.clock.advance(60_001);
      const taken = await store.keySets.acquireLock(keyId, { operationId: 'op-b', leaseMs: 60_000 });
      expect(taken.activeOperationId).toBe('op-b');
      expect(await store.keySets.releaseLock(keyId, 'op-a')).toBe(false);
      expect(await store.keySets.releaseLock(keyId, 'op-b')).toBe(true);
      expect((await store.keySets.get(keyId))?.activeOperationId).toBeUndefined();
    });

    it('takes the lock and changes desired state in one write, or does neither', async () => {
      const keyId = keyIdOf(12);
      await createKey({ keyId });
      const updated = await store.keySets.update(
        keyId,
        1,
        { status: 'Deleting' },
        { lock: { operationId: 'op-del', leaseMs: 1000 } },
      );
      expect(updated).toMatchObject({ status: 'Deleting', activeOperationId: 'op-del', version: 2 });
      const blocked = store.keySets.update(
        keyId,
        2,
        { status: 'Active' },
        { lock: { operationId: 'op-other', leaseMs: 1000 } },
      );
      await expect(blocked).rejects.toBeInstanceOf(ConflictError);
      await expect(blocked).rejects.toMatchObject({ details: { activeOperationId: 'op-del' } });
      expect(await store.keySets.get(keyId)).toMatchObject({ status: 'Deleting', version: 2 });
    });
  });

  it('records observed members without bumping the version, and forgets removed ones', async () => {
    const keyId = keyIdOf(13);
    await createKey({ keyId });
    await store.keySets.recordMembers(keyId, [memberFixture('us-east-1'), memberFixture('eu-west-1')]);
    await store.keySets.recordMembers(keyId, [], { removeRegions: ['eu-west-1'] });
    const stored = await store.keySets.get(keyId);
    expect(Object.keys(stored?.members ?? {})).toEqual(['us-east-1']);
    expect(stored?.members['us-east-1']).toEqual(memberFixture('us-east-1'));
    expect(stored?.version).toBe(1);
  });

  it('pages through 1,000 key sets of a tenant with opaque tokens, no duplicates, no gaps', async () => {
    const keyIds = Array.from({ length: 1000 }, (_, i) => keyIdOf(100_000 + i));
    const items = keyIds.map((keyId) => toKeySetItem(keySetFixture({ keyId, tenant: 'bulk' })));
    const batches = Array.from({ length: items.length / 25 }, (_, i) => items.slice(i * 25, i * 25 + 25));
    await Promise.all(batches.map((batch) => store.table.batchPut(batch)));
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await store.keySets.listByTenant('bulk', { limit: 70, nextToken });
      seen.push(...page.items.map((item) => item.keyId));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken !== undefined);
    expect(pages).toBe(15);
    expect(seen).toEqual([...keyIds].sort());
  });

  it('rejects a tampered, foreign or malformed token', async () => {
    for (let i = 0; i < 3; i++) await createKey({ keyId: keyIdOf(200 + i), tenant: 'tokens' });
    const first = await store.keySets.listByTenant('tokens', { limit: 1 });
    const token = first.nextToken!;
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ PK: `KEY#${KEY_ID}`, SK: 'META', GSI1PK: 'TENANT#tokens', GSI1SK: 'KEY#' }),
    ).toString('base64url');
    for (const bad of [`${forged}.${signature}`, `${payload}.x${signature}`, 'garbage', `${payload}`, '']) {
      await expect(store.keySets.listByTenant('tokens', { limit: 1, nextToken: bad })).rejects.toBeInstanceOf(
        ValidationError,
      );
    }
    // A token of one tenant's listing is no key to another tenant's partition.
    await expect(
      store.keySets.listByTenant('payments', { limit: 1, nextToken: token }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(store.keySets.listByTenant('tokens', { limit: 0 })).rejects.toBeInstanceOf(ValidationError);
    expect((await store.keySets.listByTenant('tokens', { limit: 1, nextToken: token })).items).toHaveLength(
      1,
    );
  });

  it('lists every key set fleet-wide for the drift scan', async () => {
    const page = await store.keySets.listAll({ limit: 1000 });
    expect(page.items.length).toBe(1000);
    expect(page.nextToken).toBeDefined();
  });
});
