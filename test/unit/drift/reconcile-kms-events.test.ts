import { describe, expect, it } from 'vitest';
import { nextAuditEvent } from '../../../src/core/audit/audit-chain.js';
import { reconcileKmsEvents } from '../../../src/core/drift/reconcile-kms-events.js';
import type { AuditEvent } from '../../../src/core/model/audit-event.js';
import type { KmsEvent } from '../../../src/core/ports/kms-event-log.js';

const KEY = 'mrk-0123456789abcdef0123456789abcdef';
const OTHER = 'mrk-fedcba9876543210fedcba9876543210';
const managed = new Map([[KEY, '2026-01-01T00:00:00.000Z']]);

function trail(...entries: [string, string][]): AuditEvent[] {
  let prev: AuditEvent | undefined;
  return entries.map(([at, action], index) => {
    prev = nextAuditEvent(prev, {
      eventId: `op-1/${index}`,
      keyId: KEY,
      writerRegion: 'us-east-1',
      at,
      actor: 'alice',
      action,
      requestId: 'r',
      operationId: 'op-1',
      result: 'Succeeded',
    });
    return prev;
  });
}

function kms(eventName: string, eventTime: string, extra: Partial<KmsEvent> = {}): KmsEvent {
  return {
    eventId: `${eventName}-${eventTime}`,
    eventName,
    eventTime,
    region: 'eu-west-1',
    keyIds: [KEY],
    readOnly: false,
    identityType: 'IAMUser',
    ...extra,
  };
}

const sync = trail(
  ['2026-01-02T10:00:00.000Z', 'UpdatePropertiesRequested'],
  ['2026-01-02T10:05:00.000Z', 'OperationFinished'],
);
const options = { slackMs: 60_000 };

describe('reconcileKmsEvents', () => {
  it('explains calls inside an audited operation that makes them', () => {
    expect(
      reconcileKmsEvents(managed, sync, [kms('TagResource', '2026-01-02T10:01:00.000Z')], options),
    ).toEqual([]);
    // Within the slack after the finish event (a retried call, clocks apart).
    expect(
      reconcileKmsEvents(managed, sync, [kms('TagResource', '2026-01-02T10:05:30.000Z')], options),
    ).toEqual([]);
  });

  it('flags calls outside every operation, and calls the running operation does not make', () => {
    const changes = reconcileKmsEvents(
      managed,
      sync,
      [
        kms('ScheduleKeyDeletion', '2026-01-02T12:00:00.000Z'),
        kms('UpdatePrimaryRegion', '2026-01-02T10:02:00.000Z'),
      ],
      options,
    );
    expect(changes.map((change) => [change.eventName, change.reason])).toEqual([
      ['UpdatePrimaryRegion', 'NotThisOperation'],
      ['ScheduleKeyDeletion', 'NoOperation'],
    ]);
    expect(changes[1]?.message).toContain('no operation was running');
    expect(changes[0]?.message).toBe(
      `UpdatePrimaryRegion on ${KEY} in eu-west-1 at 2026-01-02T10:02:00.000Z is not a call the running operation op-1 (UpdateProperties) makes`,
    );
  });

  it('keeps an unfinished operation open, and ignores reads, KMS own events, unmanaged keys and history before management', () => {
    const running = trail(['2026-01-02T10:00:00.000Z', 'DeleteRequested']);
    const events = [
      kms('ScheduleKeyDeletion', '2026-01-03T00:00:00.000Z'),
      kms('DescribeKey', '2026-01-03T00:00:00.000Z', { readOnly: true }),
      kms('UpdatePrimaryRegion', '2026-01-03T00:00:00.000Z', { invokedBy: 'kms.amazonaws.com' }),
      kms('DisableKey', '2026-01-03T00:00:00.000Z', { keyIds: [OTHER] }),
      kms('CreateKey', '2025-12-31T00:00:00.000Z'),
    ];
    expect(reconcileKmsEvents(managed, running, events, options)).toEqual([]);
  });

  it('flags a call by another principal when the control plane names its own', () => {
    const event = kms('TagResource', '2026-01-02T10:01:00.000Z', {
      principalArn: 'arn:aws:sts::1:assumed-role/someone/x',
    });
    const principals = ['arn:aws:sts::1:assumed-role/mrk-'];
    const changes = reconcileKmsEvents(managed, sync, [event], {
      ...options,
      controlPlanePrincipals: principals,
    });
    expect(changes.map((change) => change.reason)).toEqual(['OtherPrincipal']);
    const ours = { ...event, principalArn: 'arn:aws:sts::1:assumed-role/mrk-tasks/x' };
    expect(
      reconcileKmsEvents(managed, sync, [ours], { ...options, controlPlanePrincipals: principals }),
    ).toEqual([]);
  });
});
