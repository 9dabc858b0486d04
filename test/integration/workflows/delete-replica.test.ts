// delete-replica end to end: only the named replica Regions are scheduled, the primary never is, and the key
// set stays Active with its other members untouched.
import { DescribeKeyCommand, UpdatePrimaryRegionCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIMARY, startWorkflowStack, type WorkflowStack } from './workflow-harness.js';

let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(() => stack.close());

async function keyState(region: string, keyId: string): Promise<string | undefined> {
  const { KeyMetadata } = await stack.kms.client(region).send(new DescribeKeyCommand({ KeyId: keyId }));
  return KeyMetadata?.KeyState;
}

describe('delete-replica', () => {
  it('schedules only the named replica; the primary and the other replica stay Enabled, the set Active', async () => {
    const keySet = await stack.createReplicatedKeySet(['eu-west-1', 'ap-southeast-2']);
    const { execution, operation } = await stack.run('delete-replica', 'DeleteReplica', keySet.keyId, {
      regions: ['eu-west-1'],
      pendingWindowInDays: 7,
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(operation.status).toBe('Succeeded');
    expect(Object.keys(operation.regions)).toEqual(['eu-west-1']);
    expect(operation.regions['eu-west-1']?.note).toMatch(/^PendingDeletion, deletion on /);
    expect(await keyState('eu-west-1', keySet.keyId)).toBe('PendingDeletion');
    expect(await keyState(PRIMARY, keySet.keyId)).toBe('Enabled');
    expect(await keyState('ap-southeast-2', keySet.keyId)).toBe('Enabled');
    const stored = await stack.workflows.deps.keySets.get(keySet.keyId);
    expect(stored?.status).toBe('Active');
    expect(stored?.members['eu-west-1']).toMatchObject({ keyState: 'PendingDeletion', enabled: false });
    expect(stored?.activeOperationId).toBeUndefined();
  });

  it('refuses a Region that holds the primary in KMS (moved outside the control plane) and schedules nothing', async () => {
    const keySet = await stack.createReplicatedKeySet(['eu-west-2']);
    await stack.kms
      .client(PRIMARY)
      .send(new UpdatePrimaryRegionCommand({ KeyId: keySet.keyId, PrimaryRegion: 'eu-west-2' }));
    const { execution, operation } = await stack.run('delete-replica', 'DeleteReplica', keySet.keyId, {
      regions: ['eu-west-2'],
      pendingWindowInDays: 7,
    });
    expect(execution.status).toBe('FAILED');
    expect(operation.status).toBe('Failed');
    expect(operation.error).toMatchObject({ code: 'ConflictError' });
    expect(operation.error?.message).toMatch(/promote another Region first/);
    expect(await keyState('eu-west-2', keySet.keyId)).toBe('Enabled');
    expect(await keyState(PRIMARY, keySet.keyId)).toBe('Enabled');
  });
});
