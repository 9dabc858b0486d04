// The one way an operation is launched: record it, audit the request, start its workflow, record the execution.
// Every entry point (create, adopt, every key mutation, drift remediation) goes through here, so they all
// clean up the same way when the launch fails: the operation is marked Failed and the key's lock released.
import { auditEventId } from '../../core/audit/audit-chain.js';
import { publicError } from '../../core/errors.js';
import type { AuditEventInput } from '../../core/model/audit-event.js';
import { NOT_STARTED_ERROR_CODE, neverStarted, type Operation } from '../../core/model/operation.js';
import type { AuditLog } from '../../core/ports/audit-log.js';
import type { Clock } from '../../core/ports/clock.js';
import type { KeySetRepository } from '../../core/ports/key-set-repository.js';
import type { OperationRepository } from '../../core/ports/operation-repository.js';
import type { WorkflowInput, WorkflowName, WorkflowStarter } from '../../core/ports/workflow-starter.js';

/** The part of a logger a launch uses (the API's and the drift scan's loggers both fit). */
export interface LaunchLogger {
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface LaunchDeps {
  readonly operations: OperationRepository;
  readonly audit: AuditLog;
  readonly workflows: WorkflowStarter;
  readonly keySets: KeySetRepository;
  readonly clock: Clock;
  readonly writerRegion: string;
  readonly logger: LaunchLogger;
}

/** The request's audit event: who asked for what; ids, time and chain come from the operation. */
export type RequestAudit = Pick<AuditEventInput, 'actor' | 'action' | 'result' | 'region' | 'details'> & {
  /** The API request id; the operation id when there is no request (a scheduled run). */
  readonly requestId?: string | undefined;
};

export interface OperationLaunch {
  /** The Pending operation to store; a retried launch finds it stored already (idempotent create). */
  readonly operation: Operation;
  readonly audit: RequestAudit;
  readonly workflow: WorkflowName;
  /** Workflow parameters beyond operationId and keyId. */
  readonly input?: Omit<WorkflowInput, 'operationId' | 'keyId'>;
}

export interface LaunchedOperation {
  readonly operation: Operation;
  readonly executionArn: string;
}

/**
 * The key set must already be locked by the operation (the lock goes with the desired change, in one
 * write). Idempotent for a retried request. On failure the operation is Failed (WorkflowNotStarted),
 * the lock released, and the error rethrown; a retry of the request reopens it and launches again.
 * Once the workflow has started, nothing here can fail the request any more.
 */
export async function launchOperation(deps: LaunchDeps, launch: OperationLaunch): Promise<LaunchedOperation> {
  const { operationId, keyId } = launch.operation;
  let stored: Operation | undefined;
  let executionArn: string;
  try {
    stored = await deps.operations.create(launch.operation);
    // A retry of a request whose first launch failed: the operation never ran, so it starts now.
    if (neverStarted(stored)) stored = await deps.operations.reopen(operationId);
    await deps.audit.append({
      eventId: auditEventId(operationId, 'request'),
      keyId,
      writerRegion: deps.writerRegion,
      at: launch.operation.createdAt,
      operationId,
      ...launch.audit,
      requestId: launch.audit.requestId ?? operationId,
    });
    ({ executionArn } = await deps.workflows.start(launch.workflow, {
      ...launch.input,
      operationId,
      keyId,
    }));
  } catch (error) {
    await abandonOperation(deps, keyId, operationId, stored !== undefined, error);
    throw error;
  }
  await recordExecution(deps, operationId, executionArn);
  return { operation: stored, executionArn };
}

/**
 * A launch that failed before its workflow ran: the operation (if stored) is Failed with the error as a
 * caller may see it, and the lock released, so the key is not left blocked until the lease runs out.
 * Best effort: the caller's answer is the original error, whatever happens here.
 */
export async function abandonOperation(
  deps: Pick<LaunchDeps, 'operations' | 'keySets' | 'logger'>,
  keyId: string,
  operationId: string,
  stored: boolean,
  error: unknown,
): Promise<void> {
  try {
    await deps.keySets.releaseLock(keyId, operationId);
    if (stored) {
      const { code, message } = publicError(error);
      await deps.operations.setStatus(operationId, 'Failed', {
        error: {
          code: NOT_STARTED_ERROR_CODE,
          message: `The workflow could not be started (${code}: ${message}); retry the request`,
        },
      });
    }
  } catch (cleanup) {
    deps.logger.error('Could not clean up after a failed launch', { error: cleanup, keyId, operationId });
  }
}

/**
 * Saves the execution ARN on the operation (GET /operations/{id} shows it). Best effort: the workflow
 * already runs and finishes the operation; the execution is also findable by its name, the operation id.
 */
export async function recordExecution(
  deps: Pick<LaunchDeps, 'operations' | 'logger'>,
  operationId: string,
  executionArn: string,
): Promise<void> {
  try {
    await deps.operations.recordExecution(operationId, executionArn);
  } catch (error) {
    deps.logger.error('Could not record the execution ARN', { error, operationId, executionArn });
  }
}
