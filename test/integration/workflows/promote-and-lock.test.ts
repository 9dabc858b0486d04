// update-primary-region end to end, while another operation waits on the key's lock.
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationRecord } from '../../helpers/key-set-fixture.js';
import { PRIMARY, startWorkflowStack, type WorkflowStack } from './workflow-harness.js';

let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(() => stack.close());

async function roleIn(region: string, keyId: string): Promise<string | undefined> {
  const { KeyMetadata } = await stack.kms.client(region).send(new DescribeKeyCommand({ KeyId: keyId }));
  return KeyMetadata?.MultiRegionConfiguration?.MultiRegionKeyType;
}

describe('update-primary-region', () => {
  it('promotes a replica while a second operation waits for the lock, then runs the second', async () => {
    const keySet = await stack.createReplicatedKeySet(['eu-west-1', 'ap-southeast-1']);
    const { keySets } = stack.workflows.deps;
    // As the API does: the promotion's lock is taken before its workflow starts.
    const promotionId = `op-promote-${Date.now()}`;
    const now = new Date().toISOString();
    await stack.workflows.deps.operations.create(
      operationRecord({ operationId: promotionId, type: 'Promote', keyId: keySet.keyId, now }),
    );
    await keySets.acquireLock(keySet.keyId, { operationId: promotionId, leaseMs: 600_000 });

    const waiting = await stack.start('sync-properties', 'UpdateProperties', keySet.keyId);
    const promotion = await stack.starter.start('update-primary-region', {
      operationId: promotionId,
      keyId: keySet.keyId,
      newPrimaryRegion: 'eu-west-1',
    });
    const [promoted, synced] = await Promise.all([
      stack.finish(promotion.executionArn),
      stack.finish(waiting.executionArn),
    ]);
    expect(promoted.status).toBe('SUCCEEDED');
    expect(synced.status).toBe('SUCCEEDED');

    const promotionOp = await stack.operation(promotionId);
    expect(promotionOp.status).toBe('Succeeded');
    expect(promotionOp.regions['eu-west-1']).toMatchObject({ status: 'Succeeded', note: 'Now the primary' });
    expect(promotionOp.regions[PRIMARY]).toMatchObject({ status: 'Succeeded', note: 'Now a replica' });
    expect(await roleIn('eu-west-1', keySet.keyId)).toBe('PRIMARY');
    expect(await roleIn(PRIMARY, keySet.keyId)).toBe('REPLICA');
    expect(await roleIn('ap-southeast-1', keySet.keyId)).toBe('REPLICA');
    const stored = await keySets.get(keySet.keyId);
    expect(stored?.primaryRegion).toBe('eu-west-1');
    expect(stored?.activeOperationId).toBeUndefined();

    // The second operation waited on the lock and took it only after the promotion had finished.
    const history = await stack.client.send(
      new GetExecutionHistoryCommand({ executionArn: waiting.executionArn, maxResults: 1000 }),
    );
    const waits = (history.events ?? []).filter(
      (event) =>
        event.type === 'WaitStateEntered' && event.stateEnteredEventDetails?.name === 'Wait For Key Lock',
    );
    expect(waits.length).toBeGreaterThan(0);
    const audit = (await stack.workflows.deps.audit.listByKey(keySet.keyId, { limit: 1000 })).items;
    const promotionFinished = audit.find((event) => event.eventId === `${promotionId}/finish`);
    const syncLocked = audit.find((event) => event.eventId === `${waiting.operationId}/lock`);
    expect(promotionFinished && syncLocked).toBeTruthy();
    expect(syncLocked!.sequence).toBeGreaterThan(promotionFinished!.sequence);
    const syncOp = await stack.operation(waiting.operationId);
    expect(syncOp.status).toBe('Succeeded');
    expect(Object.keys(syncOp.regions).sort()).toEqual(['ap-southeast-1', 'eu-west-1', PRIMARY].sort());
  });

  it('refuses to promote a Region without a replica, records why, and releases the lock', async () => {
    const keySet = await stack.createKeySet();
    const { execution, operation } = await stack.run('update-primary-region', 'Promote', keySet.keyId, {
      newPrimaryRegion: 'eu-west-3',
    });
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('OperationFailed');
    expect(operation.status).toBe('Failed');
    expect(operation.error).toMatchObject({ code: 'ConflictError' });
    expect(operation.error?.message).toMatch(/no replica in eu-west-3/);
    expect((await stack.workflows.deps.keySets.get(keySet.keyId))?.activeOperationId).toBeUndefined();
  });
});
