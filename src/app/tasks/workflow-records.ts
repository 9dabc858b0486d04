// Reading and writing what every task touches: the key set, the operation, its steps, the audit trail.
import { auditEventId } from '../../core/audit/audit-chain.js';
import { NotFoundError, PreconditionFailedError, ValidationError } from '../../core/errors.js';
import type { JsonValue } from '../../core/json/canonical-json.js';
import type { AuditResult } from '../../core/model/audit-event.js';
import type { KeySet, KeySetStatus } from '../../core/model/key-set.js';
import type { Operation, OperationError, StepStatus } from '../../core/model/operation.js';
import type { TaskDeps } from './task-deps.js';

export async function loadKeySet(deps: TaskDeps, keyId: string): Promise<KeySet> {
  const keySet = await deps.keySets.get(keyId);
  if (keySet === undefined) throw new NotFoundError(`Key ${keyId} is not managed`, { details: { keyId } });
  return keySet;
}

/** The operation, checked to belong to `keyId` (a workflow must never act on another key's operation). */
export async function loadOperation(deps: TaskDeps, operationId: string, keyId: string): Promise<Operation> {
  const operation = await deps.operations.get(operationId);
  if (operation === undefined) {
    throw new NotFoundError(`Operation ${operationId} does not exist`, { details: { operationId } });
  }
  if (operation.keyId !== keyId) {
    throw new ValidationError(`Operation ${operationId} belongs to key ${operation.keyId}, not ${keyId}`, {
      details: { operationId, keyId },
    });
  }
  return operation;
}

/** A task's key set and its operation (checked to belong to the key), read in parallel. */
export async function loadKeySetAndOperation(
  deps: TaskDeps,
  ids: { readonly operationId: string; readonly keyId: string },
): Promise<[KeySet, Operation]> {
  return Promise.all([loadKeySet(deps, ids.keyId), loadOperation(deps, ids.operationId, ids.keyId)]);
}

export async function recordStep(
  deps: TaskDeps,
  operationId: string,
  region: string,
  status: StepStatus,
  extra: { readonly note?: string | undefined; readonly error?: OperationError | undefined } = {},
): Promise<Operation> {
  return deps.operations.recordStep(operationId, region, {
    status,
    ...(extra.note !== undefined && { note: extra.note }),
    ...(extra.error !== undefined && { error: extra.error }),
    updatedAt: deps.clock.now().toISOString(),
  });
}

export interface AuditEntry {
  /** The workflow step, unique within the operation (with the Region): `replicate`, `lock`, `finish`... */
  readonly step: string;
  readonly action: string;
  readonly result: AuditResult;
  readonly region?: string | undefined;
  readonly details?: { readonly [key: string]: JsonValue } | undefined;
}

/**
 * Appends one audit event. Its id is derived from operation + step + Region, so a retried task
 * appends nothing new (the audit log is idempotent by event id).
 */
export async function appendAudit(deps: TaskDeps, operation: Operation, entry: AuditEntry): Promise<void> {
  const step = entry.region === undefined ? entry.step : `${entry.step}:${entry.region}`;
  await deps.audit.append({
    eventId: auditEventId(operation.operationId, step),
    keyId: operation.keyId,
    writerRegion: deps.writerRegion,
    at: deps.clock.now().toISOString(),
    actor: operation.requestedBy,
    action: entry.action,
    region: entry.region,
    requestId: operation.operationId,
    operationId: operation.operationId,
    result: entry.result,
    details: entry.details,
  });
}

/**
 * Sets the key set's lifecycle status, re-reading on a concurrent version change. With `operationId`,
 * does nothing while another operation holds the key (a retried last step must not undo its change).
 */
export async function setKeySetStatus(
  deps: TaskDeps,
  keyId: string,
  status: KeySetStatus,
  operationId?: string,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const keySet = await loadKeySet(deps, keyId);
    if (keySet.status === status) return;
    const holder = keySet.activeOperationId;
    if (operationId !== undefined && holder !== undefined && holder !== operationId) return;
    try {
      await deps.keySets.update(keyId, keySet.version, { status });
      return;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= 4) throw error;
    }
  }
}

/** Sets the key set's primary Region after a promotion, re-reading on a concurrent version change. */
export async function setPrimaryRegion(deps: TaskDeps, keyId: string, primaryRegion: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const keySet = await loadKeySet(deps, keyId);
    if (keySet.primaryRegion === primaryRegion) return;
    try {
      await deps.keySets.update(keyId, keySet.version, { primaryRegion });
      return;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= 4) throw error;
    }
  }
}
