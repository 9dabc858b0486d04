// Approving a proposed remediation (POST /keys/{keyId}/remediations/{id}/approve): runs exactly the
// plan the scan proposed, as the approver, after checking it is still waiting and the key is free.
import { type DriftRecord, driftRecordOf } from '../../core/drift/drift-record.js';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import { isLocked } from '../../core/model/key-set.js';
import type { Operation } from '../../core/model/operation.js';
import { planOf, type RemediationDeps, runPlan } from './remediation-runner.js';

export interface ApproveRequest {
  readonly keyId: string;
  readonly remediationId: string;
  /** The approving principal (`sub`): the audit actor of everything the remediation does. */
  readonly approver: string;
}

export interface ApprovedRemediation {
  readonly operation: Operation;
  readonly executionArn?: string | undefined;
}

export async function approveRemediation(
  deps: RemediationDeps,
  request: ApproveRequest,
): Promise<ApprovedRemediation> {
  const operation = await deps.operations.get(request.remediationId);
  const plan = operation === undefined ? undefined : planOf(operation);
  if (operation === undefined || operation.keyId !== request.keyId || plan === undefined) {
    throw new NotFoundError(`Key ${request.keyId} has no remediation ${request.remediationId}`, {
      details: { keyId: request.keyId, remediationId: request.remediationId },
    });
  }
  if (
    operation.status !== 'Pending' ||
    (operation.input as { awaitingApproval?: unknown }).awaitingApproval !== true
  ) {
    throw new ConflictError(
      `Remediation ${operation.operationId} is ${operation.status}, not awaiting approval`,
      {
        details: { remediationId: operation.operationId, status: operation.status },
      },
    );
  }
  const keySet = await deps.keySets.get(request.keyId);
  if (keySet === undefined) throw new NotFoundError(`Key ${request.keyId} is not managed`);
  // Held by this remediation itself: it was approved a moment ago and its workflow has not started yet.
  if (isLocked(keySet, deps.clock.now())) {
    const self = keySet.activeOperationId === operation.operationId;
    throw new ConflictError(
      self
        ? `Remediation ${operation.operationId} is already approved`
        : `Operation ${keySet.activeOperationId} is in progress on key ${keySet.keyId}`,
      { details: { keyId: keySet.keyId, activeOperationId: keySet.activeOperationId } },
    );
  }
  const { executionArn } = await runPlan(deps, operation, plan, request.approver);
  const record = driftRecordOf(keySet);
  if (record?.remediation?.operationId === operation.operationId) {
    const updated: DriftRecord = { ...record, remediation: { ...record.remediation, status: 'Started' } };
    await deps.keySets.recordDrift(keySet.keyId, updated);
  }
  return { operation: (await deps.operations.get(operation.operationId)) ?? operation, executionArn };
}
