import { describe, expect, it } from 'vitest';
import type { Operation, RegionStep } from '../../../src/core/model/operation.js';
import {
  disabledBeforeDeletionNote,
  planReconcile,
  remainingSoakSeconds,
  rotatingFromNote,
  soakProgressOf,
} from '../../../src/core/workflows/resume.js';
import { KEY_ID, keySetFixture, memberFixture, membersOf, NOW } from './fixtures.js';

function operation(overrides: Partial<Operation> = {}): Operation {
  return {
    operationId: 'op-1',
    type: 'Delete',
    keyId: KEY_ID,
    tenant: 'payments',
    requestedBy: 'alice',
    status: 'Failed',
    regions: {},
    input: { pendingWindowInDays: 7, disableFirst: true, soakMinutes: 60 },
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

const step = (status: RegionStep['status'], note?: string): RegionStep => ({
  status,
  ...(note !== undefined && { note }),
  updatedAt: NOW,
});

describe('soakProgressOf', () => {
  it('is none until every planned Region was disabled, started from the latest disable, done once one was scheduled', () => {
    const early = '2026-01-01T00:00:00.000Z';
    const late = '2026-01-01T00:00:05.000Z';
    expect(
      soakProgressOf(
        operation({
          regions: {
            'us-east-1': step('Failed', disabledBeforeDeletionNote(early)),
            'eu-west-1': step('Pending'),
          },
        }),
      ),
    ).toEqual({ kind: 'none' });
    expect(
      soakProgressOf(
        operation({
          regions: {
            'us-east-1': step('Failed', disabledBeforeDeletionNote(early)),
            'eu-west-1': step('Failed', disabledBeforeDeletionNote(late)),
            'ap-south-1': step('Skipped', 'No key of this set exists in ap-south-1'),
          },
        }),
      ),
    ).toEqual({ kind: 'started', since: late });
    expect(
      soakProgressOf(
        operation({
          regions: {
            'us-east-1': step('Failed', disabledBeforeDeletionNote(early)),
            'eu-west-1': step('Succeeded', 'PendingDeletion'),
          },
        }),
      ),
    ).toEqual({ kind: 'done' });
  });

  it('takes a resumed deletion’s progress from its input (a chain of resumes keeps it)', () => {
    expect(soakProgressOf(operation({ type: 'Reconcile', input: { soakDone: true } }))).toEqual({
      kind: 'done',
    });
    expect(soakProgressOf(operation({ type: 'Reconcile', input: { soakStartedAt: NOW } }))).toEqual({
      kind: 'started',
      since: NOW,
    });
  });

  it('counts the remaining soak from its start, never below zero', () => {
    expect(remainingSoakSeconds(60, NOW, new Date(Date.parse(NOW) + 25 * 60_000))).toBe(35 * 60);
    expect(remainingSoakSeconds(60, NOW, new Date(Date.parse(NOW) + 3 * 3600_000))).toBe(0);
  });
});

describe('planReconcile', () => {
  const deleting = keySetFixture({ status: 'Deleting' });

  it('resumes an interrupted deletion with its own parameters and soak progress', () => {
    const interrupted = operation({
      regions: {
        'us-east-1': step('Failed', disabledBeforeDeletionNote(NOW)),
        'eu-west-1': step('Succeeded', 'PendingDeletion'),
      },
    });
    const plan = planReconcile(deleting, [interrupted]);
    expect(plan).toMatchObject({
      start: true,
      workflow: 'delete-key',
      input: {
        resumes: 'Delete',
        resumeOf: 'op-1',
        pendingWindowInDays: 7,
        disableFirst: true,
        soakMinutes: 60,
        soakDone: true,
      },
    });
  });

  it('finishes an unfinished cancel-deletion rather than the deletion it cancels', () => {
    const cancel = operation({ operationId: 'op-2', type: 'CancelDeletion', input: { enable: true } });
    expect(planReconcile(deleting, [cancel, operation()])).toMatchObject({
      workflow: 'cancel-key-deletion',
      input: { resumes: 'CancelDeletion', resumeOf: 'op-2', enable: true },
    });
    expect(planReconcile(keySetFixture({ status: 'PendingDeletion' }), [cancel])).toMatchObject({
      workflow: 'cancel-key-deletion',
    });
  });

  it('refuses a completed deletion and a deleted set', () => {
    const scheduled = keySetFixture({ status: 'PendingDeletion' });
    expect(planReconcile(scheduled, [operation({ status: 'Succeeded' })])).toMatchObject({ start: false });
    expect(planReconcile(keySetFixture({ status: 'Deleted' }), [])).toMatchObject({ start: false });
  });

  it('resumes an unfinished promotion, replica deletion or rotation on an Active set', () => {
    const active = keySetFixture();
    expect(
      planReconcile(active, [operation({ type: 'Promote', input: { newPrimaryRegion: 'eu-west-1' } })]),
    ).toMatchObject({ workflow: 'update-primary-region', input: { newPrimaryRegion: 'eu-west-1' } });
    const leftover = keySetFixture({
      regions: ['us-east-1'],
      members: membersOf(memberFixture('us-east-1'), memberFixture('eu-west-1')),
    });
    expect(
      planReconcile(leftover, [
        operation({ type: 'DeleteReplica', input: { regions: ['eu-west-1'], pendingWindowInDays: 9 } }),
      ]),
    ).toMatchObject({
      workflow: 'delete-replica',
      input: { regions: ['eu-west-1'], pendingWindowInDays: 9 },
    });
    const rotation = operation({
      type: 'Rotate',
      input: {},
      regions: { 'us-east-1': step('Failed', rotatingFromNote('a'.repeat(64))), 'eu-west-1': step('Failed') },
    });
    expect(planReconcile(active, [rotation])).toMatchObject({
      workflow: 'rotate-key',
      input: { resumes: 'Rotate', materialIdBefore: 'a'.repeat(64) },
    });
  });

  it('cancels the unrequested deletion of a member of an Active set (an interrupted remediation)', () => {
    const pending = keySetFixture({
      members: membersOf(
        memberFixture('us-east-1'),
        memberFixture('eu-west-1', { keyState: 'PendingDeletion' }),
      ),
    });
    expect(planReconcile(pending, [operation({ type: 'Reconcile', input: {} })])).toMatchObject({
      workflow: 'cancel-key-deletion',
      input: { regions: ['eu-west-1'], enable: true },
    });
  });

  it('replicates missing replicas, else syncs, when nothing is left unfinished', () => {
    const missing = keySetFixture({ members: membersOf(memberFixture('us-east-1')) });
    expect(planReconcile(missing, [])).toMatchObject({
      workflow: 'replicate-key',
      input: { regions: ['eu-west-1'] },
    });
    const whole = keySetFixture({
      members: membersOf(memberFixture('us-east-1'), memberFixture('eu-west-1')),
    });
    expect(planReconcile(whole, [operation({ type: 'Promote', status: 'Succeeded' })])).toMatchObject({
      workflow: 'sync-properties',
    });
  });
});
