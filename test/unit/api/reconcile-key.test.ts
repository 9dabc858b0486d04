// POST /keys/{id}/reconcile finishes interrupted work; DELETE of a stopped deletion points to it;
// cancel-deletion writes the desired enabled state it asks for.
import { describe, expect, it } from 'vitest';
import { createKeysApiHandler } from '../../../src/app/api/create-api-handler.js';
import { fakeDeps } from './helpers/fake-deps.js';
import { forKey, json } from './helpers/sample-events.js';
import { seedKey } from './helpers/seed.js';

async function setup(options?: Parameters<typeof seedKey>[1]) {
  const deps = fakeDeps();
  const key = await seedKey(deps, options);
  return { deps, key, handler: createKeysApiHandler(deps) };
}

describe('POST /keys/{keyId}/reconcile', () => {
  it('resumes a stopped deletion with the parameters it was asked with', async () => {
    const { deps, key, handler } = await setup();
    const deletion = await handler(
      forKey('delete-key', key.keyId, {
        query: { pendingWindowInDays: '9', disableFirst: 'true', soakMinutes: '5' },
      }),
    );
    const operationId = (json(deletion) as { operation: { operationId: string } }).operation.operationId;
    // The workflow marked the set Deleting, then stopped: Failed, lock released.
    const current = await deps.keySets.get(key.keyId);
    await deps.keySets.update(key.keyId, current!.version, { status: 'Deleting' });
    await deps.operations.setStatus(operationId, 'Failed', { error: { code: 'Interrupted', message: 'x' } });
    await deps.keySets.releaseLock(key.keyId, operationId);

    const again = await handler(forKey('delete-key', key.keyId));
    expect(again.statusCode).toBe(409);
    expect(json(again)).toMatchObject({ message: expect.stringContaining('/reconcile') });

    const reconciled = await handler(forKey('reconcile-key', key.keyId));
    expect(reconciled.statusCode).toBe(202);
    expect(json(reconciled)).toMatchObject({ operation: { type: 'Reconcile' } });
    expect(deps.workflows.started[1]).toMatchObject({
      workflow: 'delete-key',
      input: {
        resumes: 'Delete',
        resumeOf: operationId,
        pendingWindowInDays: 9,
        disableFirst: true,
        soakMinutes: 5,
      },
    });
  });

  it('answers 409 while an operation holds the key, and for a finished deletion', async () => {
    const locked = await setup();
    await locked.handler(forKey('rotate-key', locked.key.keyId));
    const busy = await locked.handler(forKey('reconcile-key', locked.key.keyId));
    expect(busy.statusCode).toBe(409);
    const scheduled = await setup({ status: 'PendingDeletion' });
    const refused = await scheduled.handler(forKey('reconcile-key', scheduled.key.keyId));
    expect(refused.statusCode).toBe(409);
    expect(json(refused)).toMatchObject({ message: expect.stringContaining('cancel-deletion') });
    expect(scheduled.deps.workflows.started).toEqual([]);
  });
});

describe('POST /keys/{keyId}/cancel-deletion', () => {
  it('writes desired enabled = enable (KMS leaves cancelled keys Disabled)', async () => {
    for (const enable of [false, true]) {
      const { deps, key, handler } = await setup({ status: 'PendingDeletion' });
      const answer = await handler(forKey('cancel-deletion', key.keyId, { body: { enable } }));
      expect(answer.statusCode).toBe(202);
      expect((await deps.keySets.get(key.keyId))?.desired.enabled).toBe(enable);
    }
  });
});
