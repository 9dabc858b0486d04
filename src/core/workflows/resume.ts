// Finishing interrupted work: what `POST /keys/{id}/reconcile` starts, from the key set and its last operations.
import type { JsonValue } from '../json/canonical-json.js';
import type { KeySet } from '../model/key-set.js';
import { isPendingDeletion } from '../model/member.js';
import type { Operation, OperationType } from '../model/operation.js';
import type { WorkflowName } from '../ports/workflow-starter.js';

/** The note Disable Member leaves on a Region's step; the soak runs from the latest of them. */
const DISABLED_PREFIX = 'Disabled before deletion; soak from ';

export function disabledBeforeDeletionNote(soakFrom: string): string {
  return `${DISABLED_PREFIX}${soakFrom}`;
}

function soakFromOfNote(note: string | undefined): string | undefined {
  if (note === undefined || !note.startsWith(DISABLED_PREFIX)) return undefined;
  const at = note.slice(DISABLED_PREFIX.length);
  return Number.isNaN(Date.parse(at)) ? undefined : at;
}

/** The note Schedule ... Deletion leaves before it calls KMS: the soak (if any) is over by then. */
export const SCHEDULING_DELETION_NOTE = 'Scheduling its deletion';

/** How far an earlier deletion got with its disable-first soak. */
export type SoakProgress =
  | { readonly kind: 'none' }
  | { readonly kind: 'started'; readonly since: string }
  | { readonly kind: 'done' };

/**
 * An earlier deletion's soak: `done` once the scheduling of any member began (the workflow schedules
 * only after the soak), `started` when every Region it planned (Skipped ones aside) was disabled, with
 * the latest disable time, else `none` (the soak starts again with every member disabled). A
 * resumed deletion carries its predecessor's progress in its input, so a chain of resumes keeps it.
 */
export function soakProgressOf(operation: Operation): SoakProgress {
  const input = operation.input ?? {};
  if (input.soakDone === true) return { kind: 'done' };
  if (typeof input.soakStartedAt === 'string') return { kind: 'started', since: input.soakStartedAt };
  const steps = Object.values(operation.regions).filter((step) => step.status !== 'Skipped');
  const scheduling = (step: (typeof steps)[number]) =>
    step.status === 'Succeeded' || step.note === SCHEDULING_DELETION_NOTE;
  if (steps.some(scheduling)) return { kind: 'done' };
  const since = steps.map((step) => soakFromOfNote(step.note));
  if (since.length === 0 || since.some((at) => at === undefined)) return { kind: 'none' };
  return { kind: 'started', since: (since as string[]).sort().at(-1) as string };
}

/** Seconds still to soak at `now` for a soak of `soakMinutes` that began at `since` (never below 0). */
export function remainingSoakSeconds(soakMinutes: number, since: string, now: Date): number {
  const elapsed = Math.floor((now.getTime() - Date.parse(since)) / 1000);
  return Math.max(0, soakMinutes * 60 - Math.max(0, elapsed));
}

/** The operation type whose intent `operation` carries out (a resume carries its predecessor's). */
export function intentOf(operation: Operation): OperationType {
  const resumes = operation.input?.resumes;
  return operation.type === 'Reconcile' && typeof resumes === 'string'
    ? (resumes as OperationType)
    : operation.type;
}

export type ReconcilePlan =
  | {
      readonly start: true;
      readonly workflow: WorkflowName;
      readonly input: Readonly<Record<string, JsonValue>>;
      /** What the reconcile does, in words (for the operation's audit and the caller). */
      readonly reason: string;
    }
  | { readonly start: false; readonly reason: string };

const unfinished = (operation: Operation | undefined): operation is Operation =>
  operation !== undefined && operation.status !== 'Succeeded';

function resumeInput(
  operation: Operation,
  type: OperationType,
  params: Record<string, JsonValue>,
): Record<string, JsonValue> {
  return { resumes: type, resumeOf: operation.operationId, ...params };
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * What one reconcile does (the lock is checked by the caller). `recent` holds the key set's latest
 * operations, newest first. Deleting: finish the deletion from where it stopped (or an unfinished
 * cancel-deletion, if that was the last intent). PendingDeletion: only an unfinished cancel-deletion
 * has anything left to do. Active: resume an unfinished promotion, replica deletion or rotation with
 * its own parameters; otherwise cancel an unrequested deletion of a member (as the drift remedy
 * does), else replicate missing replicas, else sync every member's properties.
 */
export function planReconcile(keySet: KeySet, recent: readonly Operation[]): ReconcilePlan {
  const last = recent[0];
  const lastIntent = last === undefined ? undefined : intentOf(last);
  if (keySet.status === 'Deleted') {
    return { start: false, reason: `Key ${keySet.keyId} is Deleted; there is nothing left to reconcile` };
  }
  if (unfinished(last) && lastIntent === 'CancelDeletion' && keySet.status !== 'Active') {
    return {
      start: true,
      workflow: 'cancel-key-deletion',
      input: resumeInput(last, 'CancelDeletion', { enable: last.input?.enable === true }),
      reason: `finishes the cancelled deletion of operation ${last.operationId}`,
    };
  }
  if (keySet.status === 'PendingDeletion') {
    return {
      start: false,
      reason: `Key ${keySet.keyId} is PendingDeletion: its deletion is scheduled and complete; cancel it with POST /keys/${keySet.keyId}/cancel-deletion`,
    };
  }
  if (keySet.status === 'Deleting') {
    const deletion = recent.find((operation) => intentOf(operation) === 'Delete');
    const input = deletion?.input ?? {};
    const disableFirst = input.disableFirst === true;
    const soakMinutes = numberOr(input.soakMinutes, 0);
    const progress: SoakProgress =
      deletion === undefined || !disableFirst ? { kind: 'none' } : soakProgressOf(deletion);
    const params: Record<string, JsonValue> = {
      pendingWindowInDays: numberOr(input.pendingWindowInDays, 30),
      disableFirst,
      soakMinutes,
      ...(progress.kind === 'done' && { soakDone: true }),
      ...(progress.kind === 'started' && { soakStartedAt: progress.since }),
    };
    return {
      start: true,
      workflow: 'delete-key',
      input:
        deletion === undefined ? { resumes: 'Delete', ...params } : resumeInput(deletion, 'Delete', params),
      reason: 'finishes the interrupted deletion: replicas first, the primary last',
    };
  }
  if (unfinished(last) && lastIntent === 'Promote' && typeof last.input?.newPrimaryRegion === 'string') {
    const target = last.input.newPrimaryRegion;
    if (target !== keySet.primaryRegion && keySet.regions.includes(target)) {
      return {
        start: true,
        workflow: 'update-primary-region',
        input: resumeInput(last, 'Promote', { newPrimaryRegion: target }),
        reason: `finishes the promotion of ${target}`,
      };
    }
  }
  if (unfinished(last) && lastIntent === 'DeleteReplica' && Array.isArray(last.input?.regions)) {
    const left = (last.input.regions as unknown[]).filter(
      (region): region is string =>
        typeof region === 'string' &&
        !keySet.regions.includes(region) &&
        keySet.members[region] !== undefined &&
        !isPendingDeletion(keySet.members[region]),
    );
    if (left.length > 0) {
      return {
        start: true,
        workflow: 'delete-replica',
        input: resumeInput(last, 'DeleteReplica', {
          regions: left,
          pendingWindowInDays: numberOr(last.input.pendingWindowInDays, 30),
        }),
        reason: `finishes the deletion of the replicas in ${left.join(', ')}`,
      };
    }
  }
  if (unfinished(last) && lastIntent === 'Rotate' && !rotationHappened(last)) {
    const rotation = last.input?.rotation;
    return {
      start: true,
      workflow: 'rotate-key',
      input: resumeInput(last, 'Rotate', {
        ...(rotation !== undefined && rotation !== null && { rotation: rotation as JsonValue }),
        ...(materialBefore(last) !== undefined && { materialIdBefore: materialBefore(last) as string }),
      }),
      reason: 'finishes the interrupted rotation',
    };
  }
  // A member of an Active set pending deletion nobody asked for (e.g. an interrupted remediation).
  const pending = keySet.regions.filter((region) => {
    const member = keySet.members[region];
    return member !== undefined && isPendingDeletion(member);
  });
  if (pending.length > 0) {
    return {
      start: true,
      workflow: 'cancel-key-deletion',
      input: { regions: pending, enable: keySet.desired.enabled },
      reason: `cancels the unrequested deletion in ${pending.join(', ')}`,
    };
  }
  const missing = keySet.regions.filter(
    (region) => region !== keySet.primaryRegion && keySet.members[region] === undefined,
  );
  if (missing.length > 0) {
    return {
      start: true,
      workflow: 'replicate-key',
      input: { regions: missing },
      reason: `replicates to ${missing.join(', ')}`,
    };
  }
  return { start: true, workflow: 'sync-properties', input: {}, reason: 'syncs every member' };
}

const MATERIAL_PREFIX = 'Rotating from key material ';

/** The note the rotation plan leaves on the primary's step, so a resume knows the material it started from. */
export function rotatingFromNote(materialId: string): string {
  return `${MATERIAL_PREFIX}${materialId}`;
}

function materialBefore(operation: Operation): string | undefined {
  for (const step of Object.values(operation.regions)) {
    if (step.note?.startsWith(MATERIAL_PREFIX)) return step.note.slice(MATERIAL_PREFIX.length) || undefined;
  }
  return undefined;
}

/** A rotation got through once any Region reported the new material (or the settings were set). */
function rotationHappened(operation: Operation): boolean {
  return Object.values(operation.regions).some((step) => step.status === 'Succeeded');
}
