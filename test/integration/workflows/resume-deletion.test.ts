// Deletions cut off by a restart or failed by an outage are finished by POST /keys/{id}/reconcile, in
// order from where they stopped: members already pending deletion are not scheduled again, and a soak
// already begun is not begun again. KMS and the table agree at the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InterruptionStack, startInterruptionStack } from './interruption-harness.js';

// biome-ignore lint/suspicious/noExplicitAny: API answers are read as loose JSON and checked by expect().
type Json = any;

let harness: InterruptionStack;
let counter = 0;

beforeAll(async () => {
  harness = await startInterruptionStack();
});

afterAll(async () => {
  await harness?.close();
});

async function createKey(replicaRegions: string[]): Promise<string> {
  const created = await harness.call('POST', '/keys', {
    tenant: 'payments',
    primaryRegion: 'us-east-1',
    replicaRegions,
    aliases: [`alias/resume-deletion-${++counter}`],
  });
  expect((await harness.settle(created)).status).toBe('Succeeded');
  return created.key.keyId;
}

async function scheduledIn(keyId: string): Promise<Record<string, number>> {
  const response = await fetch(`${harness.stack.endpoints.kms}/_emulator/events`);
  const { events } = (await response.json()) as { events: Json[] };
  const counts: Record<string, number> = {};
  for (const event of events) {
    if (event.eventName !== 'ScheduleKeyDeletion') continue;
    if (!event.resources.some((resource: Json) => resource.ARN.endsWith(keyId))) continue;
    counts[event.awsRegion] = (counts[event.awsRegion] ?? 0) + 1;
  }
  return counts;
}

async function planAudit(keyId: string, operationId: string): Promise<Json> {
  const audit = await harness.call('GET', `/keys/${keyId}/audit?limit=100`);
  return audit.items.find(
    (event: Json) => event.action === 'PlanMembers' && event.operationId === operationId,
  );
}

describe('an interrupted deletion', () => {
  it('cut off with the replicas pending and the primary Enabled: drift sees it, reconcile schedules only the primary', async () => {
    const keyId = await createKey(['eu-west-1', 'us-west-2']);
    const held = harness.hold('us-east-1', 'ScheduleKeyDeletion');
    const deletion = await harness.call('DELETE', `/keys/${keyId}?pendingWindowInDays=7`);
    expect(deletion.httpStatus).toBe(202);
    await held;
    const replicaDates = {
      'eu-west-1': (await harness.kmsState('eu-west-1', keyId)).DeletionDate,
      'us-west-2': (await harness.kmsState('us-west-2', keyId)).DeletionDate,
    };
    expect(replicaDates['eu-west-1']).toBeDefined();

    expect(await harness.restart()).toContain(deletion.operation.operationId);
    const interrupted = await harness.call('GET', `/operations/${deletion.operation.operationId}`);
    expect(interrupted).toMatchObject({ status: 'Failed', error: { code: 'Interrupted' } });
    expect((await harness.kmsState('us-east-1', keyId)).KeyState).toBe('Enabled');
    const drift = await harness.call('GET', `/keys/${keyId}/drift?live=true`);
    expect(drift.status).toBe('Drifted');
    expect(drift.findings).toEqual([
      expect.objectContaining({ kind: 'StateDrift', region: 'us-east-1', actual: 'Enabled' }),
    ]);
    const again = await harness.call('DELETE', `/keys/${keyId}?pendingWindowInDays=7`);
    expect(again.httpStatus).toBe(409);
    expect(again.message).toContain(`/keys/${keyId}/reconcile`);

    const reconcile = await harness.call('POST', `/keys/${keyId}/reconcile`, {});
    const finished = await harness.settle(reconcile);
    expect(finished.status, JSON.stringify(finished)).toBe('Succeeded');
    expect(finished.regions['eu-west-1'].note).toContain('not scheduled again');
    expect(await scheduledIn(keyId)).toEqual({ 'eu-west-1': 1, 'us-west-2': 1, 'us-east-1': 1 });
    expect((await harness.kmsState('eu-west-1', keyId)).DeletionDate).toEqual(replicaDates['eu-west-1']);
    expect((await harness.kmsState('us-east-1', keyId)).KeyState).toBe('PendingReplicaDeletion');
    const key = await harness.expectAgreement(keyId);
    expect(key.status).toBe('PendingDeletion');
    expect((await harness.call('GET', `/keys/${keyId}/drift?live=true`)).status).toBe('InSync');

    // The waiting periods pass: every member is gone and a live read records the set Deleted.
    await harness.advance(8 * 86_400);
    await harness.advance(8 * 86_400);
    expect((await harness.call('GET', `/keys/${keyId}?live=true`)).status).toBe('Deleted');
    expect(await harness.kmsState('us-east-1', keyId)).toBeUndefined();
  });

  it('failed by an outage while disabling: the other members stay disabled, drift sees it, reconcile soaks in full and finishes', async () => {
    const keyId = await createKey(['eu-west-1']);
    await harness.fault({ region: 'eu-west-1', operations: ['DisableKey'], error: 'unavailable' });
    const deletion = await harness.call(
      'DELETE',
      `/keys/${keyId}?pendingWindowInDays=7&disableFirst=true&soakMinutes=60`,
    );
    const failed = await harness.settle(deletion);
    expect(failed.status).toBe('Failed');
    await harness.clearFaults();
    expect((await harness.kmsState('us-east-1', keyId)).KeyState).toBe('Disabled');
    expect((await harness.kmsState('eu-west-1', keyId)).KeyState).toBe('Enabled');
    const drift = await harness.call('GET', `/keys/${keyId}/drift?live=true`);
    expect(drift.status).toBe('Drifted');
    expect(drift.findings.map((item: Json) => item.region).sort()).toEqual(['eu-west-1', 'us-east-1']);

    const reconcile = await harness.call('POST', `/keys/${keyId}/reconcile`, {});
    expect(reconcile.operation.input).toMatchObject({
      resumes: 'Delete',
      disableFirst: true,
      soakMinutes: 60,
    });
    expect((await harness.settle(reconcile)).status).toBe('Succeeded');
    // The soak had not begun (a member was still enabled): it is served in full.
    expect((await planAudit(keyId, reconcile.operation.operationId)).details.soakSeconds).toBe(3600);
    expect((await harness.kmsState('eu-west-1', keyId)).KeyState).toBe('PendingDeletion');
    expect((await harness.expectAgreement(keyId)).status).toBe('PendingDeletion');
  });

  it('cut off after its soak while scheduling: reconcile does not soak again', async () => {
    const keyId = await createKey(['eu-west-1', 'us-west-2']);
    const held = harness.hold('us-west-2', 'ScheduleKeyDeletion');
    const deletion = await harness.call(
      'DELETE',
      `/keys/${keyId}?pendingWindowInDays=7&disableFirst=true&soakMinutes=60`,
    );
    await held;
    await harness.restart();
    const reconcile = await harness.call('POST', `/keys/${keyId}/reconcile`, {});
    expect(reconcile.operation.input).toMatchObject({ resumeOf: deletion.operation.operationId });
    expect((await harness.settle(reconcile)).status).toBe('Succeeded');
    expect((await planAudit(keyId, reconcile.operation.operationId)).details.soakSeconds).toBe(0);
    expect(await scheduledIn(keyId)).toEqual({ 'eu-west-1': 1, 'us-west-2': 1, 'us-east-1': 1 });
    expect((await harness.expectAgreement(keyId)).status).toBe('PendingDeletion');
  });
});

describe('a deletion cut off during its soak', () => {
  it('resumes the soak from when the members were disabled, not from zero', async () => {
    // Waits run at real length here (scale 1), so the workflow sits in its soak until the restart.
    const slow = await startInterruptionStack({ waitScale: 1 });
    try {
      const created = await slow.call('POST', '/keys', {
        tenant: 'payments',
        primaryRegion: 'us-east-1',
        replicaRegions: ['eu-west-1'],
        aliases: ['alias/resume-soak'],
      });
      expect((await slow.settle(created)).status).toBe('Succeeded');
      const keyId: string = created.key.keyId;
      const deletion = await slow.call(
        'DELETE',
        `/keys/${keyId}?pendingWindowInDays=7&disableFirst=true&soakMinutes=60`,
      );
      const soaking = await soakingOperation(slow, deletion.operation.operationId);
      const since = soaking.regions['us-east-1'].note.replace(/^.*soak from /, '');
      expect(Date.parse(since)).not.toBeNaN();

      await slow.restart(); // from here on, waits are instant again
      const drift = await slow.call('GET', `/keys/${keyId}/drift?live=true`);
      expect(drift.findings.map((item: Json) => item.actual)).toEqual(['Disabled', 'Disabled']);
      const reconcile = await slow.call('POST', `/keys/${keyId}/reconcile`, {});
      expect(reconcile.operation.input).toMatchObject({ soakStartedAt: since });
      expect((await slow.settle(reconcile)).status).toBe('Succeeded');
      const audit = await slow.call('GET', `/keys/${keyId}/audit?limit=100`);
      const plan = audit.items.find(
        (event: Json) =>
          event.action === 'PlanMembers' && event.operationId === reconcile.operation.operationId,
      );
      expect(plan.details.soakSeconds).toBeLessThan(3600);
      const disabled = await slow.call('GET', `/operations/${reconcile.operation.operationId}`);
      expect(disabled.regions['us-east-1']).toMatchObject({ status: 'Succeeded' });
      expect((await slow.expectAgreement(keyId)).status).toBe('PendingDeletion');
    } finally {
      await slow.close();
    }
  });
});

/** The deletion once every member is disabled (the workflow is then in its soak). */
async function soakingOperation(stack: InterruptionStack, operationId: string): Promise<Json> {
  for (;;) {
    const operation = await stack.call('GET', `/operations/${operationId}`);
    const steps = Object.values(operation.regions ?? {}) as Json[];
    if (steps.length === 2 && steps.every((step) => step.note?.includes('soak from'))) return operation;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
