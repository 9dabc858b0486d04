// Task "Finish Operation": the last step of every workflow, also after a failure: unlock, final status, audit.
import * as z from 'zod';
import { TERMINAL_OPERATION_STATUSES } from '../../core/model/operation.js';
import { finalStatus } from '../../core/workflows/final-status.js';
import { operationErrorOf } from '../../core/workflows/operation-error-of.js';
import type { TaskDeps } from './task-deps.js';
import { caughtSchema, operationEvent, parseEvent } from './task-event.js';
import { appendAudit, loadOperation, recordStep, setKeySetStatus } from './workflow-records.js';

const schema = operationEvent.extend({
  /** The Catch output that sent the workflow here, if it failed. */
  failure: caughtSchema.optional(),
  /** The key set's lifecycle status after a fully successful run (delete: PendingDeletion, cancel: Active). */
  keySetStatus: z.enum(['Active', 'PendingDeletion']).optional(),
});

export interface FinishOperationResult {
  readonly status: string;
  readonly lockReleased: boolean;
}

/**
 * Idempotent: a finished operation keeps its status and only the lock release is repeated. The lock
 * is released before the final status is written (two items, and dynalite has no transactions), so a
 * caller who sees the operation finished finds the key free for the next mutation. A retry after the
 * release finds the lock gone (or another operation's, which it leaves alone) and writes the status.
 */
export async function finishOperation(deps: TaskDeps, event: unknown): Promise<FinishOperationResult> {
  const input = parseEvent(schema, event, 'FinishOperation');
  let operation = await loadOperation(deps, input.operationId, input.keyId);
  let lockReleased: boolean;
  if (TERMINAL_OPERATION_STATUSES.has(operation.status)) {
    lockReleased = await deps.keySets.releaseLock(input.keyId, input.operationId);
  } else {
    const failure = input.failure === undefined ? undefined : operationErrorOf(input.failure);
    const outcome = finalStatus(operation.regions, failure, deps.clock.now().toISOString());
    for (const [region, step] of Object.entries(outcome.unfinished)) {
      await recordStep(deps, operation.operationId, region, step.status, {
        note: step.note,
        error: step.error,
      });
    }
    if (outcome.status === 'Succeeded' && input.keySetStatus !== undefined) {
      await setKeySetStatus(deps, input.keyId, input.keySetStatus, input.operationId);
    }
    lockReleased = await deps.keySets.releaseLock(input.keyId, input.operationId);
    operation = await deps.operations.setStatus(
      operation.operationId,
      outcome.status,
      failure === undefined ? {} : { error: failure },
    );
  }
  await appendAudit(deps, operation, {
    step: 'finish',
    action: 'OperationFinished',
    result: operation.status === 'Failed' ? 'Failed' : 'Succeeded',
    details: { type: operation.type, status: operation.status },
  });
  return { status: operation.status, lockReleased };
}
