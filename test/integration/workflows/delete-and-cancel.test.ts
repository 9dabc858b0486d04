// delete-key and cancel-key-deletion end to end: replicas first, primary last, carried to the end on the
// emulator's clock; a failed replica keeps the primary alive; cancellation makes every member usable.
import { DescribeKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIMARY, startWorkflowStack, trailEvents, type WorkflowStack } from './workflow-harness.js';

const REPLICAS = ['eu-west-1', 'ap-southeast-2', 'ca-central-1'];
const DAY = 24 * 60 * 60;

let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(() => stack.close());

async function keyState(region: string, keyId: string): Promise<string> {
  try {
    const { KeyMetadata } = await stack.kms.client(region).send(new DescribeKeyCommand({ KeyId: keyId }));
    return KeyMetadata?.KeyState ?? 'Unknown';
  } catch (error) {
    if ((error as Error).name === 'NotFoundException') return 'Deleted';
    throw error;
  }
}

const ofKey = (keyId: string) => (event: { resources: { ARN: string }[] }) =>
  event.resources.some((resource) => resource.ARN.endsWith(`key/${keyId}`));

describe('delete-key', () => {
  it('disables and soaks, schedules every replica before the primary, and ends with the set deleted', async () => {
    const keySet = await stack.createReplicatedKeySet(REPLICAS);
    const { execution, operation } = await stack.run('delete-key', 'Delete', keySet.keyId, {
      pendingWindowInDays: 7,
      disableFirst: true,
      soakMinutes: 60,
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(operation.status).toBe('Succeeded');
    expect((await stack.workflows.deps.keySets.get(keySet.keyId))?.status).toBe('PendingDeletion');

    const events = (await trailEvents(stack.kms)).filter(ofKey(keySet.keyId));
    const at = (name: string, region: string) =>
      events
        .filter((event) => event.eventName === name && event.awsRegion === region)
        .map((event) => event.eventTime);
    const primaryScheduled = at('ScheduleKeyDeletion', PRIMARY);
    expect(primaryScheduled).toHaveLength(1);
    for (const region of [PRIMARY, ...REPLICAS]) {
      expect(at('DisableKey', region)).toHaveLength(1);
      expect(at('DisableKey', region)[0]! <= at('ScheduleKeyDeletion', region)[0]!).toBe(true);
    }
    for (const region of REPLICAS) {
      const [scheduled] = at('ScheduleKeyDeletion', region);
      expect(scheduled! < primaryScheduled[0]!, `${region} scheduled before the primary`).toBe(true);
    }
    expect(await keyState(PRIMARY, keySet.keyId)).toBe('PendingReplicaDeletion');

    // Seven days on, the replicas are gone and the primary's own window starts; seven more, it is gone.
    await stack.kms.admin('/_emulator/clock/advance', { method: 'POST', body: { seconds: 7 * DAY + 60 } });
    for (const region of REPLICAS) expect(await keyState(region, keySet.keyId)).toBe('Deleted');
    expect(await keyState(PRIMARY, keySet.keyId)).toBe('PendingDeletion');
    await stack.kms.admin('/_emulator/clock/advance', { method: 'POST', body: { seconds: 7 * DAY + 60 } });
    expect(await keyState(PRIMARY, keySet.keyId)).toBe('Deleted');
  });

  it('does not schedule the primary when a replica could not be scheduled', async () => {
    const keySet = await stack.createReplicatedKeySet(['eu-west-2', 'eu-south-1']);
    const { body } = await stack.kms.admin('/_emulator/faults', {
      method: 'POST',
      body: { region: 'eu-south-1', operations: ['ScheduleKeyDeletion'], error: 'unavailable' },
    });
    const faultId = (body as { fault: { id: string } }).fault.id;
    const { operation } = await stack.run('delete-key', 'Delete', keySet.keyId, { pendingWindowInDays: 7 });
    await stack.kms.admin(`/_emulator/faults?id=${faultId}`, { method: 'DELETE' });
    expect(operation.status).toBe('PartiallySucceeded');
    expect(operation.regions['eu-west-2']?.status).toBe('Succeeded');
    expect(operation.regions['eu-south-1']).toMatchObject({
      status: 'Failed',
      error: { code: 'KmsUnavailable' },
    });
    expect(operation.regions[PRIMARY]).toMatchObject({
      status: 'Failed',
      error: { code: 'ReplicasNotScheduled' },
    });
    expect(await keyState(PRIMARY, keySet.keyId)).toBe('Enabled');
    expect(await keyState('eu-south-1', keySet.keyId)).toBe('Enabled');
    expect((await stack.workflows.deps.keySets.get(keySet.keyId))?.status).toBe('Deleting');

    // A later run finishes the job: the scheduled replica counts as done, the primary goes last.
    const again = await stack.run('delete-key', 'Delete', keySet.keyId, { pendingWindowInDays: 7 });
    expect(again.operation.status).toBe('Succeeded');
    expect(again.operation.regions['eu-west-2']?.note).toMatch(/^Already PendingDeletion/);
    expect(await keyState(PRIMARY, keySet.keyId)).toBe('PendingReplicaDeletion');
  });
});

describe('cancel-key-deletion', () => {
  it('cancels on every member and re-enables them, so each one encrypts again', async () => {
    const keySet = await stack.createReplicatedKeySet(['us-west-1', 'eu-central-1']);
    const deleted = await stack.run('delete-key', 'Delete', keySet.keyId, { pendingWindowInDays: 30 });
    expect(deleted.operation.status).toBe('Succeeded');
    const { execution, operation } = await stack.run('cancel-key-deletion', 'CancelDeletion', keySet.keyId, {
      enable: true,
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(operation.status).toBe('Succeeded');
    for (const region of [PRIMARY, 'us-west-1', 'eu-central-1']) {
      expect(await keyState(region, keySet.keyId)).toBe('Enabled');
      const encrypted = await stack.kms
        .client(region)
        .send(new EncryptCommand({ KeyId: keySet.keyId, Plaintext: new TextEncoder().encode('usable') }));
      expect(encrypted.CiphertextBlob?.length).toBeGreaterThan(0);
    }
    const stored = await stack.workflows.deps.keySets.get(keySet.keyId);
    expect(stored?.status).toBe('Active');
    expect(stored?.members[PRIMARY]?.keyState).toBe('Enabled');
  });
});
