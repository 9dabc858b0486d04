// The shared path of every workflow mutation: lock with the desired change, record, audit, start.

import { auditEventId } from '../../../core/audit/audit-chain.js';
import { ConflictError, isDomainError, PreconditionFailedError } from '../../../core/errors.js';
import type { JsonValue } from '../../../core/json/canonical-json.js';
import { isLocked, type KeySet } from '../../../core/model/key-set.js';
import { type Operation, type OperationType, pendingOperation } from '../../../core/model/operation.js';
import type { KeySetChanges } from '../../../core/ports/key-set-repository.js';
import type { WorkflowName } from '../../../core/ports/workflow-starter.js';
import type { RouteContext } from '../routes/route.js';
import { recordExecution } from './record-execution.js';

export interface StartOperation {
  readonly keySet: KeySet;
  readonly type: OperationType;
  readonly workflow: WorkflowName;
  /** The desired-state change written with the lock (may be empty). */
  readonly changes: KeySetChanges;
  /** Workflow parameters beyond operationId and keyId; also stored as the operation's input. */
  readonly input: Readonly<Record<string, JsonValue>>;
}

export interface StartedOperation {
  readonly keySet: KeySet;
  readonly operation: Operation;
  readonly executionArn: string;
}

/** The 409 for a held lock names the holder. */
export function assertUnlocked(keySet: KeySet, now: Date): void {
  if (isLocked(keySet, now)) {
    throw new ConflictError(`Operation ${keySet.activeOperationId} is in progress on key ${keySet.keyId}`, {
      details: {
        keyId: keySet.keyId,
        activeOperationId: keySet.activeOperationId,
        lockExpiresAt: keySet.lockExpiresAt,
      },
    });
  }
}

export function assertVersion(keySet: KeySet, ifMatch: number | undefined): void {
  if (ifMatch !== undefined && ifMatch !== keySet.version) {
    throw new PreconditionFailedError(
      `Key ${keySet.keyId} is at version ${keySet.version}, not ${ifMatch}; read it again and retry`,
      { details: { keyId: keySet.keyId, expectedVersion: ifMatch, currentVersion: keySet.version } },
    );
  }
}

/**
 * Takes the lock and writes the change in one conditional write (If-Match as the expected version),
 * stores the operation, audits it and starts the workflow. A retry of the same idempotent request
 * finds the lock already held by its operation and carries on from there. If a later step fails,
 * the lock is released and the operation marked Failed, so the key is not left blocked.
 */
export async function startOperation(
  context: RouteContext<unknown, unknown, unknown>,
  start: StartOperation,
): Promise<StartedOperation> {
  const { deps, principal } = context;
  const operationId = context.attempt.values.operationId ?? deps.ids.newId('op');
  let keySet = start.keySet;
  if (keySet.activeOperationId !== operationId) {
    assertVersion(keySet, context.ifMatch);
    assertUnlocked(keySet, deps.clock.now());
    await context.attempt.save({ operationId });
    keySet = await deps.keySets.update(keySet.keyId, keySet.version, start.changes, {
      lock: { operationId, leaseMs: deps.settings.lockLeaseMs },
    });
  }
  let operation: Operation | undefined;
  let started: StartedOperation;
  try {
    const now = deps.clock.now().toISOString();
    operation = await deps.operations.create(
      pendingOperation(
        {
          operationId,
          type: start.type,
          keySet,
          requestedBy: principal.sub,
          input: start.input,
        },
        now,
      ),
    );
    await deps.audit.append({
      eventId: auditEventId(operationId, 'request'),
      keyId: keySet.keyId,
      writerRegion: deps.writerRegion,
      at: now,
      actor: principal.sub,
      action: `${start.type}Requested`,
      requestId: context.request.requestId,
      operationId,
      result: 'Started',
      details: { version: keySet.version, ...start.input },
    });
    const { executionArn } = await deps.workflows.start(start.workflow, {
      operationId,
      keyId: keySet.keyId,
      ...start.input,
    });
    started = { keySet, operation, executionArn };
  } catch (error) {
    await abandon(context, keySet.keyId, operationId, operation, error);
    throw error;
  }
  await recordExecution(context, operationId, started.executionArn);
  return started;
}

async function abandon(
  context: RouteContext<unknown, unknown, unknown>,
  keyId: string,
  operationId: string,
  operation: Operation | undefined,
  error: unknown,
): Promise<void> {
  const { deps } = context;
  try {
    if (operation !== undefined) {
      const code = isDomainError(error) ? error.code : 'InternalError';
      await deps.operations.setStatus(operationId, 'Failed', {
        error: { code, message: 'The workflow could not be started' },
      });
    }
    await deps.keySets.releaseLock(keyId, operationId);
  } catch (cleanup) {
    deps.telemetry.logger.error('Could not clean up after a failed start', {
      error: cleanup,
      keyId,
      operationId,
    });
  }
}
