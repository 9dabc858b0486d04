// Reconciling the control plane's audit trail with KMS's own event log: every KMS change to a managed
// key must fall inside an audited operation that could have made it; anything else is out of band.
import type { AuditEvent } from '../model/audit-event.js';
import type { OperationType } from '../model/operation.js';
import type { KmsEvent } from '../ports/kms-event-log.js';

export interface OutOfBandChange {
  readonly keyId: string;
  readonly region: string;
  readonly eventName: string;
  readonly eventTime: string;
  /** The KMS event's id (CloudTrail EventId): the audit event recording this change is derived from it. */
  readonly eventId: string;
  readonly identityType: string;
  readonly principalArn?: string | undefined;
  readonly reason: 'NoOperation' | 'NotThisOperation' | 'OtherPrincipal';
  readonly message: string;
}

export interface ReconcileOptions {
  /** Clock difference tolerated between the control plane and KMS, and SDK retries after a step's audit. */
  readonly slackMs: number;
  /**
   * The principals the control plane calls KMS as (production: its Lambda roles). When given, a
   * change by anyone else is out of band even inside an operation's window.
   */
  readonly controlPlanePrincipals?: readonly string[] | undefined;
}

const PROPERTY_CALLS = [
  'PutKeyPolicy',
  'UpdateKeyDescription',
  'TagResource',
  'UntagResource',
  'CreateAlias',
  'UpdateAlias',
  'DeleteAlias',
  'EnableKey',
  'DisableKey',
  'EnableKeyRotation',
  'DisableKeyRotation',
];
const REPLICATION = ['ReplicateKey', 'CreateKey'];

/** The KMS calls each operation type makes (the workflows of ARCHITECTURE 6). */
export const KMS_CALLS_BY_OPERATION: Readonly<Record<OperationType, readonly string[]>> = {
  Provision: [...REPLICATION, ...PROPERTY_CALLS],
  Replicate: [...REPLICATION, ...PROPERTY_CALLS],
  UpdateProperties: PROPERTY_CALLS,
  Adopt: PROPERTY_CALLS,
  Promote: ['UpdatePrimaryRegion'],
  Rotate: ['RotateKeyOnDemand', 'EnableKeyRotation', 'DisableKeyRotation'],
  Delete: ['ScheduleKeyDeletion', 'DisableKey'],
  DeleteReplica: ['ScheduleKeyDeletion', 'DisableKey'],
  CancelDeletion: ['CancelKeyDeletion', 'EnableKey'],
  Reconcile: [...REPLICATION, ...PROPERTY_CALLS, 'CancelKeyDeletion', 'ScheduleKeyDeletion'],
};

interface Window {
  readonly operationId: string;
  readonly type: OperationType | undefined;
  readonly start: number;
  readonly end: number;
}

/**
 * Out-of-band changes among `events`: mutations (not read-only, not made by KMS itself, such as the
 * paired event UpdatePrimaryRegion leaves in the other Region) of managed keys that no audited
 * operation of that key explains. `managedSince` maps each managed key id to the ISO time it came
 * under management: changes before then (a set made by hand, then adopted) are not ours to judge.
 * `audit` must hold those keys' events from before the window (a request event opens an operation).
 */
export function reconcileKmsEvents(
  managedSince: ReadonlyMap<string, string>,
  audit: readonly AuditEvent[],
  events: readonly KmsEvent[],
  options: ReconcileOptions,
): OutOfBandChange[] {
  const windows = operationWindows(audit);
  const principals = options.controlPlanePrincipals;
  const changes: OutOfBandChange[] = [];
  for (const event of events) {
    if (event.readOnly || event.invokedBy !== undefined || event.identityType === 'AWSService') continue;
    const at = Date.parse(event.eventTime);
    for (const keyId of new Set(event.keyIds)) {
      const since = managedSince.get(keyId);
      // No slack here: the CreateKey of a provisioning precedes its key set by design.
      if (since === undefined || at < Date.parse(since)) continue;
      const around = (windows.get(keyId) ?? []).filter(
        (window) => at >= window.start - options.slackMs && at <= window.end + options.slackMs,
      );
      const matching = around.filter(
        (window) =>
          window.type === undefined || KMS_CALLS_BY_OPERATION[window.type].includes(event.eventName),
      );
      const byUs =
        principals === undefined ||
        (event.principalArn !== undefined && principals.some((arn) => event.principalArn?.startsWith(arn)));
      if (matching.length > 0 && byUs) continue;
      const reason =
        around.length === 0 ? 'NoOperation' : matching.length === 0 ? 'NotThisOperation' : 'OtherPrincipal';
      changes.push({
        keyId,
        region: event.region,
        eventName: event.eventName,
        eventTime: event.eventTime,
        eventId: event.eventId,
        identityType: event.identityType,
        ...(event.principalArn !== undefined && { principalArn: event.principalArn }),
        reason,
        message: messageFor(reason, event, keyId, around),
      });
    }
  }
  return changes.sort((a, b) =>
    a.eventTime === b.eventTime ? (a.eventId < b.eventId ? -1 : 1) : a.eventTime < b.eventTime ? -1 : 1,
  );
}

function messageFor(
  reason: OutOfBandChange['reason'],
  event: KmsEvent,
  keyId: string,
  around: Window[],
): string {
  const what = `${event.eventName} on ${keyId} in ${event.region} at ${event.eventTime}`;
  if (reason === 'NoOperation') return `${what} was not made by the control plane: no operation was running`;
  if (reason === 'NotThisOperation') {
    const names = around.map((window) => `${window.operationId} (${window.type ?? 'unknown'})`).join(', ');
    return around.length === 1
      ? `${what} is not a call the running operation ${names} makes`
      : `${what} is not a call the running operations ${names} make`;
  }
  return `${what} was made by ${event.principalArn ?? 'an unknown principal'}, not the control plane`;
}

/** Per key: each operation's time span, from its first to its last audit event (open while unfinished). */
export function operationWindows(audit: readonly AuditEvent[]): Map<string, Window[]> {
  const byOperation = new Map<string, AuditEvent[]>();
  for (const event of audit) {
    if (event.operationId === undefined) continue;
    const key = `${event.keyId}\u0000${event.operationId}`;
    byOperation.set(key, [...(byOperation.get(key) ?? []), event]);
  }
  const windows = new Map<string, Window[]>();
  for (const events of byOperation.values()) {
    const times = events.map((event) => Date.parse(event.at));
    const first = events[0] as AuditEvent;
    const finished = events.some((event) => event.action === 'OperationFinished');
    const window: Window = {
      operationId: first.operationId as string,
      type: typeOf(events),
      start: Math.min(...times),
      end: finished ? Math.max(...times) : Number.POSITIVE_INFINITY,
    };
    windows.set(first.keyId, [...(windows.get(first.keyId) ?? []), window]);
  }
  return windows;
}

const OPERATION_TYPES = new Set(Object.keys(KMS_CALLS_BY_OPERATION));

/** From the request event: `<Type>Requested`, or `CreateKey` for a provisioning (the API's first event). */
function typeOf(events: readonly AuditEvent[]): OperationType | undefined {
  for (const event of events) {
    if (event.action === 'CreateKey') return 'Provision';
    const type = event.action.endsWith('Requested') ? event.action.slice(0, -'Requested'.length) : undefined;
    if (type !== undefined && OPERATION_TYPES.has(type)) return type as OperationType;
  }
  return undefined;
}
