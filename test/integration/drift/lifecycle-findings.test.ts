// Lifecycle drift made out of band: a deleted replica, an unrequested deletion, a replica nobody
// asked for, a moved primary, and a member someone rescued from a set being deleted.
import {
  CancelKeyDeletionCommand,
  ReplicateKeyCommand,
  ScheduleKeyDeletionCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveRemediation } from '../../../src/app/drift/approve-remediation.js';
import { advanceClock, DAY_SECONDS } from '../../helpers/kms.js';
import { type DriftStack, kindsOf, PRIMARY, startDriftStack } from './drift-harness.js';

let stack: DriftStack;
beforeAll(async () => {
  stack = await startDriftStack();
});
afterAll(() => stack.close());

async function approve(keyId: string): Promise<string> {
  const remediationId = (await stack.drift(keyId)).remediation?.operationId as string;
  await approveRemediation(stack.workflows.driftDeps, { keyId, remediationId, approver: 'bob' });
  return remediationId;
}

describe('lifecycle drift', () => {
  it('cancels an unrequested deletion, then replicates a replica that was deleted anyway', async () => {
    const { keyId } = await stack.provisioned([PRIMARY, 'eu-west-1']);
    await stack.setPolicy(keyId, 'auto');
    const west = stack.kms.client('eu-west-1');
    await west.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    await stack.scan();
    const cancelling = await stack.drift(keyId);
    expect(kindsOf(cancelling)).toEqual(['UnexpectedDeletion@eu-west-1']);
    expect(cancelling.remediation).toMatchObject({ status: 'Started', kinds: ['UnexpectedDeletion'] });
    expect(
      await stack.awaitOperation('cancel-key-deletion', cancelling.remediation?.operationId as string),
    ).toBe('Succeeded');
    await stack.scan();
    expect((await stack.drift(keyId)).findings).toEqual([]);

    await stack.setPolicy(keyId, 'report');
    await west.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    await advanceClock(stack.kms, 8 * DAY_SECONDS);
    await stack.scan();
    expect(kindsOf(await stack.drift(keyId))).toEqual(['MissingReplica@eu-west-1']);
    await stack.setPolicy(keyId, 'auto');
    await stack.scan();
    const replicating = await stack.drift(keyId);
    expect(replicating.remediation).toMatchObject({ status: 'Started', kinds: ['MissingReplica'] });
    expect(await stack.awaitOperation('replicate-key', replicating.remediation?.operationId as string)).toBe(
      'Succeeded',
    );
    await stack.scan();
    expect((await stack.drift(keyId)).status).toBe('InSync');
  });

  it('adopts a replica made out of band once a person approves', async () => {
    const { keyId } = await stack.provisioned([PRIMARY]);
    await stack.setPolicy(keyId, 'auto');
    await stack.kms
      .client(PRIMARY)
      .send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'us-west-2' }));
    await stack.scan();
    const proposed = await stack.drift(keyId);
    expect(kindsOf(proposed)).toEqual(['UnmanagedReplica@us-west-2']);
    // Even under auto: adding a Region changes what the set is, so it waits for a person.
    expect(proposed.remediation).toMatchObject({ status: 'AwaitingApproval', kinds: ['UnmanagedReplica'] });
    const id = await approve(keyId);
    expect(await stack.awaitOperation('sync-properties', id)).toBe('Succeeded');
    expect((await stack.workflows.deps.keySets.get(keyId))?.regions).toEqual([PRIMARY, 'us-west-2']);
    await stack.scan();
    expect((await stack.drift(keyId)).status).toBe('InSync');
  });

  it('records a primary moved out of band', async () => {
    const { keyId } = await stack.provisioned([PRIMARY, 'eu-west-1']);
    await stack.kms
      .client(PRIMARY)
      .send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: 'eu-west-1' }));
    await stack.scan();
    expect(kindsOf(await stack.drift(keyId))).toEqual(['PrimaryMoved@eu-west-1']);
    await stack.setPolicy(keyId, 'auto');
    await stack.scan();
    const recorded = await stack.drift(keyId);
    expect(recorded.remediation).toMatchObject({ status: 'Started', kinds: ['PrimaryMoved'] });
    expect(
      (await stack.workflows.deps.operations.get(recorded.remediation?.operationId as string))?.status,
    ).toBe('Succeeded');
    expect((await stack.workflows.deps.keySets.get(keyId))?.primaryRegion).toBe('eu-west-1');
    await stack.scan();
    expect((await stack.drift(keyId)).status).toBe('InSync');
  });

  it('reschedules a member someone rescued from a set being deleted, with approval', async () => {
    const { keyId } = await stack.provisioned([PRIMARY, 'eu-west-1']);
    expect(await stack.run('delete-key', 'Delete', keyId, { pendingWindowInDays: 7 })).toBe('Succeeded');
    await stack.kms.client('eu-west-1').send(new CancelKeyDeletionCommand({ KeyId: keyId }));
    await stack.setPolicy(keyId, 'approve');
    await stack.scan();
    const proposed = await stack.drift(keyId);
    expect(kindsOf(proposed)).toEqual(['StateDrift@eu-west-1']);
    expect(proposed.remediation).toMatchObject({ status: 'AwaitingApproval', kinds: ['StateDrift'] });
    const id = await approve(keyId);
    expect(await stack.awaitOperation('delete-key', id)).toBe('Succeeded');
    await stack.scan();
    expect((await stack.drift(keyId)).status).toBe('InSync');
  });
});
