// The key mutations with fakes and the sample events: lock, If-Match, workflow inputs, state rules.
import { describe, expect, it } from 'vitest';
import { createKeysApiHandler } from '../../../src/app/api/create-api-handler.js';
import { fakeDeps } from './helpers/fake-deps.js';
import { forKey, json, OPERATOR, OTHER_OPERATOR, VIEWER } from './helpers/sample-events.js';
import { seedKey } from './helpers/seed.js';

async function setup(options?: Parameters<typeof seedKey>[1]) {
  const deps = fakeDeps();
  const key = await seedKey(deps, options);
  return { deps, key, handler: createKeysApiHandler(deps) };
}

describe('PATCH /keys/{keyId}', () => {
  it('writes the desired state with the lock (If-Match honoured) and starts sync-properties', async () => {
    const { deps, key, handler } = await setup();
    const result = await handler(forKey('update-key', key.keyId));
    expect(result.statusCode).toBe(202);
    const answer = json(result) as {
      key: { version: number; desired: { tags: unknown } };
      operation: { operationId: string; type: string };
    };
    expect(answer.key.version).toBe(2);
    expect(answer.key.desired.tags).toEqual({ team: 'payments', cost: 'cc-42' });
    expect(result.headers?.etag).toBe('"2"');
    expect(deps.workflows.started).toEqual([
      {
        workflow: 'sync-properties',
        input: { operationId: answer.operation.operationId, keyId: key.keyId, changed: ['tags'] },
      },
    ]);
    expect((await deps.keySets.get(key.keyId))?.activeOperationId).toBe(answer.operation.operationId);
    const audit = await deps.audit.listByKey(key.keyId);
    expect(audit.items).toMatchObject([
      { action: 'UpdatePropertiesRequested', result: 'Started', actor: 'alice' },
    ]);
  });

  it('answers 412 for a stale If-Match and 409 naming the operation that holds the lock', async () => {
    const { deps, key, handler } = await setup();
    const stale = await handler(forKey('update-key', key.keyId, { headers: { 'If-Match': '"7"' } }));
    expect(stale.statusCode).toBe(412);
    expect(json(stale)).toMatchObject({ error: 'PreconditionFailed', details: { currentVersion: 1 } });
    await deps.keySets.acquireLock(key.keyId, { operationId: 'op-other', leaseMs: 60_000 });
    const held = await handler(forKey('update-key', key.keyId, { headers: { 'If-Match': '"1"' } }));
    expect(held.statusCode).toBe(409);
    expect(json(held)).toMatchObject({ error: 'Conflict', details: { activeOperationId: 'op-other' } });
    expect(json(held).message).toContain('op-other');
    expect(deps.workflows.started).toEqual([]);
  });

  it('releases the lock and fails the operation when the workflow cannot start', async () => {
    const { deps, key, handler } = await setup();
    deps.workflows.failNext = new Error('boom');
    const result = await handler(forKey('update-key', key.keyId));
    expect(result.statusCode).toBe(500);
    expect(json(result)).toMatchObject({ error: 'InternalError', message: 'Internal error.' });
    const stored = await deps.keySets.get(key.keyId);
    expect(stored?.activeOperationId).toBeUndefined();
    const operations = await deps.operations.listByKey(key.keyId);
    expect(operations.items).toMatchObject([{ status: 'Failed' }]);
    expect(deps.telemetry.entries.find((entry) => entry.level === 'ERROR')?.message).toBe('Request failed');
  });

  it('refuses an override for a Region that is not a member (400) and a viewer (403)', async () => {
    const { key, handler } = await setup();
    const bad = await handler(
      forKey('update-key', key.keyId, { body: { regionOverrides: { 'us-west-2': { description: 'x' } } } }),
    );
    expect(bad.statusCode).toBe(400);
    const viewer = await handler(forKey('update-key', key.keyId, { principal: VIEWER }));
    expect(viewer.statusCode).toBe(403);
    // The permission in words, not the route's internal name (updateKey).
    expect(json(viewer).message).toBe(
      'Your roles (viewer) do not allow changing key sets (keys:write); admin or operator may',
    );
  });
});

describe('PATCH /keys/{keyId} that changes nothing', () => {
  it('answers 200 "nothing to change" with no operation, no lock and the same version', async () => {
    const { deps, key, handler } = await setup();
    for (const body of [
      { tags: { team: 'x' } },
      { aliases: [] },
      { description: 'seeded', enabled: true, rotation: { enabled: true, periodInDays: 365 } },
    ]) {
      const result = await handler(forKey('update-key', key.keyId, { body }));
      expect(result.statusCode, JSON.stringify(body)).toBe(200);
      expect(json(result)).toMatchObject({ unchanged: true, key: { keyId: key.keyId, version: 1 } });
      expect(String(json(result).message)).toContain('Nothing to change');
    }
    expect(deps.workflows.started).toEqual([]);
    const stored = await deps.keySets.get(key.keyId);
    expect(stored?.version).toBe(1);
    expect(stored?.activeOperationId).toBeUndefined();
    expect((await deps.operations.listByKey(key.keyId)).items).toEqual([]);
  });

  it('still answers 412 for a stale If-Match, and a real change still runs', async () => {
    const { deps, key, handler } = await setup();
    const stale = await handler(
      forKey('update-key', key.keyId, { body: { tags: { team: 'x' } }, headers: { 'If-Match': '"9"' } }),
    );
    expect(stale.statusCode).toBe(412);
    const changed = await handler(forKey('update-key', key.keyId, { body: { tags: { team: 'y' } } }));
    expect(changed.statusCode).toBe(202);
    expect(deps.workflows.started).toHaveLength(1);
  });
});

describe('replicas, promotion, rotation, reconcile', () => {
  it('adds replicas through replicate-key and refuses an existing member (409)', async () => {
    const { deps, key, handler } = await setup();
    const added = await handler(forKey('add-replicas', key.keyId));
    expect(added.statusCode).toBe(202);
    expect(deps.workflows.started[0]).toMatchObject({
      workflow: 'replicate-key',
      input: { regions: ['ap-southeast-2'] },
    });
    expect((await deps.keySets.get(key.keyId))?.regions).toEqual([
      'us-east-1',
      'eu-west-1',
      'ap-southeast-2',
    ]);
    const again = await (await setup()).handler(
      forKey('add-replicas', key.keyId, { body: { regions: ['eu-west-1'] } }),
    );
    expect(again.statusCode).toBe(404);
    const member = await handler(forKey('add-replicas', key.keyId, { body: { regions: ['eu-west-1'] } }));
    expect(member.statusCode).toBe(409);
  });

  it('refuses to add replicas to a key disabled in its primary Region (KMS cannot replicate it): 409, nothing changes', async () => {
    const { deps, key, handler } = await setup();
    const stored = (await deps.keySets.get(key.keyId))!;
    await deps.keySets.update(key.keyId, stored.version, { desired: { ...stored.desired, enabled: false } });
    const added = await handler(forKey('add-replicas', key.keyId));
    expect(added.statusCode).toBe(409);
    expect((json(added) as { message: string }).message).toContain('Enable it first');
    expect(deps.workflows.started).toEqual([]);
    expect((await deps.keySets.get(key.keyId))?.regions).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('promotes a replica with update-primary-region; the primary itself is a 409', async () => {
    const { deps, key, handler } = await setup();
    const promoted = await handler(forKey('promote-replica', key.keyId));
    expect(promoted.statusCode).toBe(202);
    expect(deps.workflows.started[0]).toMatchObject({
      workflow: 'update-primary-region',
      input: { newPrimaryRegion: 'eu-west-1' },
    });
    const { key: other, handler: second } = await setup();
    const primary = await second(forKey('promote-replica', other.keyId, { body: { region: 'us-east-1' } }));
    expect(primary.statusCode).toBe(409);
  });

  it('rotates with rotate-key and reconciles with sync-properties (or replicate-key for missing members)', async () => {
    const { deps, key, handler } = await setup();
    expect((await handler(forKey('rotate-key', key.keyId))).statusCode).toBe(202);
    expect(deps.workflows.started[0]?.workflow).toBe('rotate-key');
    const { deps: deps2, key: key2, handler: handler2 } = await setup();
    // Reconcile decides on what KMS holds now: the replica is gone there (and from the records).
    await deps2.keySets.recordMembers(key2.keyId, [], { removeRegions: ['eu-west-1'] });
    deps2.kms.keys.delete(`eu-west-1/${key2.keyId}`);
    expect((await handler2(forKey('reconcile-key', key2.keyId))).statusCode).toBe(202);
    expect(deps2.workflows.started[0]).toMatchObject({
      workflow: 'replicate-key',
      input: { regions: ['eu-west-1'] },
    });
  });
});

describe('deletion', () => {
  it('starts delete-key with the window and options; the guardrail minimum is a 403', async () => {
    const { deps, key, handler } = await setup();
    const deleted = await handler(
      forKey('delete-key', key.keyId, {
        query: { pendingWindowInDays: '7', disableFirst: 'true', soakMinutes: '5' },
      }),
    );
    expect(deleted.statusCode).toBe(202);
    expect(deps.workflows.started[0]).toMatchObject({
      workflow: 'delete-key',
      input: { pendingWindowInDays: 7, disableFirst: true, soakMinutes: 5 },
    });
    const strict = fakeDeps({ minimumDeletionWindowDays: 14 });
    const strictKey = await seedKey(strict);
    const refused = await createKeysApiHandler(strict)(forKey('delete-key', strictKey.keyId));
    expect(refused.statusCode).toBe(403);
    expect(json(refused)).toMatchObject({ details: { rule: 'minimumDeletionWindow' } });
  });

  it('cancels only a deletion in progress (409 otherwise)', async () => {
    const { deps, key, handler } = await setup({ status: 'PendingDeletion' });
    const cancelled = await handler(forKey('cancel-deletion', key.keyId));
    expect(cancelled.statusCode).toBe(202);
    expect(deps.workflows.started[0]).toMatchObject({
      workflow: 'cancel-key-deletion',
      input: { enable: true },
    });
    const active = await setup();
    expect((await active.handler(forKey('cancel-deletion', active.key.keyId))).statusCode).toBe(409);
  });

  it('deletes one replica through the delete-replica workflow: lock, desired Regions, operation, 202; no KMS call', async () => {
    const { deps, key, handler } = await setup({ replicas: ['eu-west-1', 'ap-southeast-2'] });
    const result = await handler(forKey('delete-replica', key.keyId));
    expect(result.statusCode).toBe(202);
    const answer = json(result) as { operation: { operationId: string } };
    expect(answer).toMatchObject({
      operation: { type: 'DeleteReplica', status: 'Pending', input: { regions: ['eu-west-1'] } },
      key: { desired: { regions: ['us-east-1', 'ap-southeast-2'] } },
    });
    const operationId = answer.operation.operationId;
    expect(deps.workflows.started).toEqual([
      {
        workflow: 'delete-replica',
        input: { operationId, keyId: key.keyId, regions: ['eu-west-1'], pendingWindowInDays: 7 },
      },
    ]);
    expect(deps.kms.calls.filter((call) => call.startsWith('ScheduleKeyDeletion'))).toEqual([]);
    expect(await deps.keySets.get(key.keyId)).toMatchObject({
      activeOperationId: operationId,
      regions: ['us-east-1', 'ap-southeast-2'],
    });
    // The lock is held until the workflow ends: the next mutation waits its turn.
    const next = await handler(forKey('update-key', key.keyId, { headers: { 'If-Match': '"2"' } }));
    expect(next.statusCode).toBe(409);
    expect(json(next)).toMatchObject({ details: { activeOperationId: operationId } });
  });

  it("refuses the primary's Region with a 409 that says to promote another Region first", async () => {
    const { deps, key, handler } = await setup();
    const primary = await handler(
      forKey('delete-replica', key.keyId, { pathParameters: { region: 'us-east-1' } }),
    );
    expect(primary.statusCode).toBe(409);
    expect(json(primary)).toMatchObject({ error: 'Conflict', details: { region: 'us-east-1' } });
    expect(String(json(primary).message)).toMatch(/promote another Region first/);
    expect(deps.workflows.started).toEqual([]);
    expect(await deps.keySets.get(key.keyId)).toMatchObject({
      regions: ['us-east-1', 'eu-west-1'],
      version: 1,
    });
    const outside = await handler(
      forKey('delete-replica', key.keyId, { pathParameters: { region: 'us-west-2' } }),
    );
    expect(outside.statusCode).toBe(409);
  });

  it('accepts the Region again after a failed attempt left its replica in KMS (it left the desired set)', async () => {
    const { deps, key, handler } = await setup();
    const first = await handler(forKey('delete-replica', key.keyId));
    const operationId = (json(first) as { operation: { operationId: string } }).operation.operationId;
    await deps.keySets.releaseLock(key.keyId, operationId);
    await deps.operations.setStatus(operationId, 'Failed', {
      error: { code: 'KmsUnavailable', message: 'x' },
    });
    const retry = await handler(
      forKey('delete-replica', key.keyId, { headers: { 'Idempotency-Key': 'again' } }),
    );
    expect(retry.statusCode).toBe(202);
    expect(deps.workflows.started.map((start) => start.input.regions)).toEqual([
      ['eu-west-1'],
      ['eu-west-1'],
    ]);
  });
});

describe('POST /keys/adopt', () => {
  it("answers 404 for another tenant's managed key, as every cross-tenant access does (no existence leak)", async () => {
    const { deps, key } = await setup();
    const handler = createKeysApiHandler(deps);
    const body = { keyId: key.keyId, region: 'us-east-1', tenant: 'search' };
    const result = await handler(forKey('adopt-key', key.keyId, { body, principal: OTHER_OPERATOR }));
    expect(result.statusCode).toBe(404);
    expect(json(result)).toMatchObject({ error: 'NotFound', message: `Key ${key.keyId} was not found` });
  });

  it("takes the primary's properties as desired state and starts sync-properties", async () => {
    const deps = fakeDeps();
    const outside = await deps.kms.createKey('us-east-1', {
      description: 'legacy',
      tags: { team: 'payments' },
    });
    deps.kms.addReplica('us-east-1', outside.keyId, 'eu-west-1');
    await deps.kms.createAlias('us-east-1', 'alias/legacy', outside.keyId);
    const handler = createKeysApiHandler(deps);
    const body = { keyId: outside.keyId, region: 'eu-west-1', tenant: 'payments' };
    const result = await handler(forKey('adopt-key', outside.keyId, { body, principal: OPERATOR }));
    expect(result.statusCode).toBe(202);
    expect(json(result)).toMatchObject({
      key: {
        primaryRegion: 'us-east-1',
        desired: {
          regions: ['us-east-1', 'eu-west-1'],
          description: 'legacy',
          aliases: ['alias/legacy'],
          tags: { team: 'payments' },
        },
      },
      operation: { type: 'Adopt' },
    });
    expect(deps.workflows.started[0]?.workflow).toBe('sync-properties');
    const adoptId = deps.workflows.started[0]?.input.operationId;
    expect((await deps.operations.get(adoptId!))?.executionArn).toBe(
      `arn:aws:states:us-east-1:111122223333:execution:sync-properties:${adoptId}`,
    );
    const twice = await handler(
      forKey('adopt-key', outside.keyId, { body, headers: { 'Idempotency-Key': 'other' } }),
    );
    expect(twice.statusCode).toBe(409);
  });

  it('resumes on a retry with the same Idempotency-Key after the workflow could not start', async () => {
    const deps = fakeDeps();
    const outside = await deps.kms.createKey('us-east-1', { description: 'legacy' });
    const handler = createKeysApiHandler(deps);
    const body = { keyId: outside.keyId, region: 'us-east-1', tenant: 'payments' };
    const request = { body, principal: OPERATOR, headers: { 'Idempotency-Key': 'adopt-1' } };
    deps.workflows.failNext = new Error('boom');
    const failed = await handler(forKey('adopt-key', outside.keyId, request));
    expect(failed.statusCode).toBe(500);
    const retried = await handler(forKey('adopt-key', outside.keyId, request));
    expect(retried.statusCode).toBe(202);
    const operationId = (json(retried) as { operation: { operationId: string } }).operation.operationId;
    expect(deps.workflows.started).toEqual([
      { workflow: 'sync-properties', input: { operationId, keyId: outside.keyId } },
    ]);
    expect((await deps.keySets.get(outside.keyId))?.activeOperationId).toBe(operationId);
  });
});
