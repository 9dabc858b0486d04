// Task "Acquire Key Lock": take (or renew) the key set's lock for this operation, or say how long to wait.
import { ConflictError } from '../../core/errors.js';
import { LockWaitTimedOutError } from '../../core/workflows/workflow-errors.js';
import type { TaskDeps } from './task-deps.js';
import { operationEvent, parseEvent } from './task-event.js';
import { appendAudit, loadOperation } from './workflow-records.js';

export interface AcquireKeyLockResult {
  readonly acquired: boolean;
  /** Seconds the state machine waits before asking again (0 when acquired). */
  readonly waitSeconds: number;
  readonly holder?: string | undefined;
}

/**
 * Idempotent for the holder (the API may already have taken the lock for this operation; a renewal
 * extends the lease). While another operation holds it, answers `acquired: false` so the state
 * machine waits and asks again, until `lockWaitMinutes` after the operation was created.
 */
export async function acquireKeyLock(deps: TaskDeps, event: unknown): Promise<AcquireKeyLockResult> {
  const { operationId, keyId } = parseEvent(operationEvent, event, 'AcquireKeyLock');
  const operation = await loadOperation(deps, operationId, keyId);
  try {
    await deps.keySets.acquireLock(keyId, { operationId, leaseMs: deps.settings.lockLeaseMinutes * 60_000 });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const holder =
      typeof error.details?.activeOperationId === 'string' ? error.details.activeOperationId : undefined;
    const waitedMs = deps.clock.now().getTime() - Date.parse(operation.createdAt);
    if (waitedMs > deps.settings.lockWaitMinutes * 60_000) {
      throw new LockWaitTimedOutError(
        `Operation ${holder ?? 'another operation'} still holds key ${keyId} after ${deps.settings.lockWaitMinutes} minutes`,
        { cause: error, details: { keyId, operationId, holder } },
      );
    }
    return { acquired: false, waitSeconds: deps.settings.lockRetrySeconds, holder };
  }
  if (operation.status === 'Pending') await deps.operations.setStatus(operationId, 'Running');
  await appendAudit(deps, operation, { step: 'lock', action: 'LockAcquired', result: 'Succeeded' });
  return { acquired: true, waitSeconds: 0 };
}
