// The shared path of every workflow mutation: lock with the desired change, record, audit, start.

import { ConflictError, PreconditionFailedError } from '../../../core/errors.js';
import type { JsonValue } from '../../../core/json/canonical-json.js';
import { isLocked, type KeySet } from '../../../core/model/key-set.js';
import {
  neverStarted,
  type Operation,
  type OperationType,
  pendingOperation,
} from '../../../core/model/operation.js';
import type { KeySetChanges } from '../../../core/ports/key-set-repository.js';
import type { WorkflowName } from '../../../core/ports/workflow-starter.js';
import { launchOperation } from '../../operations/launch-operation.js';
import type { RouteContext } from '../routes/route.js';
import { launchDepsOf } from './launch-deps.js';

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
 * then launches the operation (src/app/operations). A retry of the same idempotent request finds the
 * lock already held by its operation and carries on from there.
 */
export async function startOperation(
  context: RouteContext<unknown, unknown, unknown>,
  start: StartOperation,
): Promise<StartedOperation> {
  const { deps, principal } = context;
  const operationId = context.attempt.values.operationId ?? deps.ids.newId('op');
  let keySet = start.keySet;
  const earlier = context.attempt.values.operationId && (await deps.operations.get(operationId));
  if (earlier && neverStarted(earlier) && keySet.activeOperationId !== operationId) {
    // A retry after a failed launch: the change was written then; only the lock is taken again.
    keySet = await deps.keySets.acquireLock(keySet.keyId, {
      operationId,
      leaseMs: deps.settings.lockLeaseMs,
    });
  } else if (keySet.activeOperationId !== operationId) {
    assertVersion(keySet, context.ifMatch);
    assertUnlocked(keySet, deps.clock.now());
    await context.attempt.save({ operationId });
    keySet = await deps.keySets.update(keySet.keyId, keySet.version, start.changes, {
      lock: { operationId, leaseMs: deps.settings.lockLeaseMs },
    });
  }
  const now = deps.clock.now().toISOString();
  const { operation, executionArn } = await launchOperation(launchDepsOf(deps), {
    operation: pendingOperation(
      { operationId, type: start.type, keySet, requestedBy: principal.sub, input: start.input },
      now,
    ),
    audit: {
      actor: principal.sub,
      action: `${start.type}Requested`,
      requestId: context.request.requestId,
      result: 'Started',
      details: { version: keySet.version, ...start.input },
    },
    workflow: start.workflow,
    input: start.input,
  });
  return { keySet, operation, executionArn };
}
