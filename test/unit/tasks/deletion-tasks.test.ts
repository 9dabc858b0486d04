// Tasks of deletion and cancellation: plan defaults, disable, schedule (replicas first), cancel and re-enable.
import {
  CancelKeyDeletionCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  GetKeyPolicyCommand,
  KMSInvalidStateException,
  ListAliasesCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { cancelMemberDeletion } from '../../../src/app/tasks/cancel-member-deletion.js';
import { planMembers } from '../../../src/app/tasks/plan-members.js';
import { scheduleMemberDeletion } from '../../../src/app/tasks/schedule-member-deletion.js';
import { setMemberEnabled } from '../../../src/app/tasks/set-member-enabled.js';
import { disabledBeforeDeletionNote } from '../../../src/core/workflows/resume.js';
import {
  KEY_ID,
  kmsMock,
  metadata,
  OPERATION_ID,
  regionOf,
  sampleEvent,
  type TaskBench,
  taskBench,
} from './task-fixture.js';

let bench: TaskBench;
beforeEach(async () => {
  bench = await taskBench({ regions: ['us-east-1', 'eu-west-1', 'ap-south-1'] });
  kmsMock.on(GetKeyPolicyCommand).resolves({ Policy: '{}' });
  kmsMock.on(ListResourceTagsCommand).resolves({ Tags: [], Truncated: false });
  kmsMock.on(ListAliasesCommand).resolves({ Aliases: [], Truncated: false });
});

function membersIn(state: Record<string, string | undefined>) {
  kmsMock.on(DescribeKeyCommand).callsFake(async (_input, getClient) => {
    const region = await regionOf(getClient);
    const keyState = state[region];
    if (keyState === undefined)
      throw Object.assign(new Error('Key does not exist'), { name: 'NotFoundException' });
    return {
      KeyMetadata: metadata(region, { KeyState: keyState as never, Enabled: keyState === 'Enabled' }),
    };
  });
}

/** The deletion parameters of the sample plan event (events/tasks/plan-members.json). */
const deletionRequest = { pendingWindowInDays: 7, disableFirst: true, soakMinutes: 60 };

describe('planMembers (delete, cancel)', () => {
  it('normalises the deletion parameters, marks the key set Deleting and skips Regions without a key', async () => {
    membersIn({ 'us-east-1': 'Enabled', 'eu-west-1': 'Enabled' });
    const plan = await planMembers(bench.deps, sampleEvent('plan-members'));
    expect(plan).toEqual({
      primaryRegion: 'us-east-1',
      regions: ['eu-west-1', 'us-east-1'],
      replicaRegions: ['eu-west-1'],
      pendingWindowInDays: 7,
      disableFirst: true,
      soakSeconds: 3600,
      soakStartedAt: null,
      primaryScheduled: false,
    });
    expect(bench.keySets.items.get(KEY_ID)?.status).toBe('Deleting');
    expect(bench.operations.items.get(OPERATION_ID)?.regions['ap-south-1']?.status).toBe('Skipped');
  });

  it('resumes a deletion: members already pending deletion are left alone, the soak served is not served again', async () => {
    membersIn({ 'us-east-1': 'Disabled', 'eu-west-1': 'PendingDeletion' });
    const since = new Date(bench.clock.now().getTime() - 40 * 60_000).toISOString();
    const plan = await planMembers(
      bench.deps,
      sampleEvent('plan-members', { request: { ...deletionRequest, soakStartedAt: since } }),
    );
    expect(plan).toMatchObject({
      regions: ['us-east-1'],
      replicaRegions: [],
      soakSeconds: 20 * 60,
      soakStartedAt: since,
      primaryScheduled: false,
    });
    expect(bench.operations.items.get(OPERATION_ID)?.regions['eu-west-1']).toMatchObject({
      status: 'Succeeded',
      note: expect.stringContaining('not scheduled again'),
    });
    // An attempt cut off between KMS and the table: the plan records what KMS holds.
    expect(bench.keySets.items.get(KEY_ID)?.members['eu-west-1']?.keyState).toBe('PendingDeletion');
    const done = await planMembers(
      bench.deps,
      sampleEvent('plan-members', { request: { ...deletionRequest, soakDone: true } }),
    );
    expect(done.soakSeconds).toBe(0);
  });

  it('resumes a deletion whose primary an earlier attempt scheduled: nothing is scheduled again', async () => {
    membersIn({ 'us-east-1': 'PendingReplicaDeletion', 'eu-west-1': 'PendingDeletion' });
    const plan = await planMembers(bench.deps, sampleEvent('plan-members'));
    expect(plan).toMatchObject({ regions: [], replicaRegions: [], primaryScheduled: true });
  });

  it('rejects a deletion window outside 7..30 days', async () => {
    await expect(
      planMembers(bench.deps, sampleEvent('plan-members', { request: { pendingWindowInDays: 3 } })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('defaults cancellation to leaving keys disabled', async () => {
    membersIn({ 'us-east-1': 'PendingReplicaDeletion', 'eu-west-1': 'PendingDeletion' });
    const plan = await planMembers(
      bench.deps,
      sampleEvent('plan-members', { purpose: 'cancel', request: {} }),
    );
    expect(plan).toMatchObject({ enable: false, regions: ['eu-west-1', 'us-east-1'] });
  });
});

describe('setMemberEnabled', () => {
  it('disables a key once', async () => {
    membersIn({ 'eu-west-1': 'Enabled' });
    kmsMock.on(DisableKeyCommand).resolves({});
    await setMemberEnabled(bench.deps, sampleEvent('set-member-enabled'));
    membersIn({ 'eu-west-1': 'Disabled' });
    await setMemberEnabled(bench.deps, sampleEvent('set-member-enabled'));
    expect(kmsMock.commandCalls(DisableKeyCommand)).toHaveLength(1);
    expect(bench.audit.events.map((event) => event.action)).toEqual(['DisableKey']);
  });

  it("notes when the soak began: now, or the earlier attempt's start on a resumed deletion", async () => {
    membersIn({ 'eu-west-1': 'Disabled' });
    await setMemberEnabled(bench.deps, sampleEvent('set-member-enabled'));
    const step = () => bench.operations.items.get(OPERATION_ID)?.regions['eu-west-1'];
    expect(step()?.note).toBe(disabledBeforeDeletionNote(bench.clock.now().toISOString()));
    const earlier = '2026-01-01T00:00:00.000Z';
    await setMemberEnabled(bench.deps, sampleEvent('set-member-enabled', { soakStartedAt: earlier }));
    expect(step()?.note).toBe(disabledBeforeDeletionNote(earlier));
  });
});

describe('scheduleMemberDeletion', () => {
  it('schedules a replica, and counts one already pending deletion as scheduled', async () => {
    membersIn({ 'eu-west-1': 'PendingDeletion' });
    kmsMock
      .on(ScheduleKeyDeletionCommand)
      .resolvesOnce({
        KeyState: 'PendingDeletion',
        DeletionDate: new Date('2026-03-08T12:00:00Z'),
        PendingWindowInDays: 7,
      })
      .rejects(new KMSInvalidStateException({ message: 'arn is pending deletion.', $metadata: {} }));
    await expect(
      scheduleMemberDeletion(bench.deps, sampleEvent('schedule-member-deletion')),
    ).resolves.toEqual({
      keyState: 'PendingDeletion',
      alreadyScheduled: false,
    });
    await expect(
      scheduleMemberDeletion(bench.deps, sampleEvent('schedule-member-deletion')),
    ).resolves.toEqual({
      keyState: 'PendingDeletion',
      alreadyScheduled: true,
    });
    expect(kmsMock.commandCalls(ScheduleKeyDeletionCommand)[0]?.args[0].input).toEqual({
      KeyId: KEY_ID,
      PendingWindowInDays: 7,
    });
    expect(bench.operations.items.get(OPERATION_ID)?.regions['eu-west-1']).toMatchObject({
      status: 'Succeeded',
    });
  });

  it('schedules the primary only after every replica', async () => {
    await bench.operations.recordStep(OPERATION_ID, 'eu-west-1', { status: 'Failed', updatedAt: 'x' });
    await bench.operations.recordStep(OPERATION_ID, 'ap-south-1', { status: 'Skipped', updatedAt: 'x' });
    const primary = sampleEvent('schedule-member-deletion', { region: 'us-east-1', role: 'PRIMARY' });
    await expect(scheduleMemberDeletion(bench.deps, primary)).rejects.toMatchObject({
      name: 'ReplicasNotScheduled',
    });
    expect(kmsMock.commandCalls(ScheduleKeyDeletionCommand)).toHaveLength(0);
    await bench.operations.recordStep(OPERATION_ID, 'eu-west-1', { status: 'Succeeded', updatedAt: 'x' });
    membersIn({ 'us-east-1': 'PendingReplicaDeletion' });
    kmsMock
      .on(ScheduleKeyDeletionCommand)
      .resolves({ KeyState: 'PendingReplicaDeletion', PendingWindowInDays: 7 });
    await expect(scheduleMemberDeletion(bench.deps, primary)).resolves.toMatchObject({
      keyState: 'PendingReplicaDeletion',
    });
  });
});

describe('cancelMemberDeletion', () => {
  it('cancels and re-enables when asked (KMS leaves a cancelled key Disabled)', async () => {
    kmsMock.on(CancelKeyDeletionCommand).resolves({ KeyId: KEY_ID });
    kmsMock.on(EnableKeyCommand).resolves({});
    membersIn({ 'eu-west-1': 'Disabled' });
    const result = await cancelMemberDeletion(bench.deps, sampleEvent('cancel-member-deletion'));
    expect(result.alreadyCancelled).toBe(false);
    expect(kmsMock.commandCalls(EnableKeyCommand)).toHaveLength(1);
  });

  it('leaves a key that is not pending deletion alone', async () => {
    kmsMock
      .on(CancelKeyDeletionCommand)
      .rejects(new KMSInvalidStateException({ message: 'arn is not pending deletion.', $metadata: {} }));
    membersIn({ 'eu-west-1': 'Enabled' });
    const result = await cancelMemberDeletion(bench.deps, sampleEvent('cancel-member-deletion'));
    expect(result).toEqual({ keyState: 'Enabled', alreadyCancelled: true });
    expect(kmsMock.commandCalls(EnableKeyCommand)).toHaveLength(0);
  });
});
