// Operation: one mutating request on a key set, with its progress per Region.
export type OperationType =
  | 'Provision'
  | 'Replicate'
  | 'UpdateProperties'
  | 'Promote'
  | 'Rotate'
  | 'Delete'
  | 'DeleteReplica'
  | 'CancelDeletion'
  | 'Reconcile'
  | 'Adopt';

export type OperationStatus = 'Pending' | 'Running' | 'Succeeded' | 'PartiallySucceeded' | 'Failed';
export type StepStatus = 'Pending' | 'Running' | 'Succeeded' | 'Skipped' | 'Failed';

export const TERMINAL_OPERATION_STATUSES: ReadonlySet<OperationStatus> = new Set([
  'Succeeded',
  'PartiallySucceeded',
  'Failed',
]);

/** The error code of an operation whose workflow never started: a retry of its request may reopen it. */
export const NOT_STARTED_ERROR_CODE = 'WorkflowNotStarted';

/** True for an operation that failed before its workflow ran (nothing happened in KMS). */
export function neverStarted(operation: Pick<Operation, 'status' | 'error'>): boolean {
  return operation.status === 'Failed' && operation.error?.code === NOT_STARTED_ERROR_CODE;
}

export interface OperationError {
  /** A domain error code or the AWS error name (e.g. `KMSInvalidStateException`). */
  readonly code: string;
  readonly message: string;
}

export interface RegionStep {
  readonly status: StepStatus;
  /** Why a step was skipped or what it adopted, in words a person can act on. */
  readonly note?: string | undefined;
  readonly error?: OperationError | undefined;
  readonly updatedAt: string;
}

export interface Operation {
  readonly operationId: string;
  readonly type: OperationType;
  readonly keyId: string;
  readonly tenant: string;
  readonly requestedBy: string;
  readonly status: OperationStatus;
  readonly regions: Readonly<Record<string, RegionStep>>;
  /** The request's input as accepted (e.g. `{ regions: [...] }`), for the workflow and for audit. */
  readonly input?: Readonly<Record<string, unknown>> | undefined;
  readonly executionArn?: string | undefined;
  readonly error?: OperationError | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A new request's operation, recorded before its workflow starts: Pending, no Region steps yet. */
export function pendingOperation(
  request: Pick<Operation, 'operationId' | 'type' | 'requestedBy' | 'input'> & {
    readonly keySet: { readonly keyId: string; readonly tenant: string };
  },
  now: string,
): Operation {
  return {
    operationId: request.operationId,
    type: request.type,
    keyId: request.keySet.keyId,
    tenant: request.keySet.tenant,
    requestedBy: request.requestedBy,
    status: 'Pending',
    regions: {},
    input: request.input,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The overall status from per-Region steps: all done well = Succeeded, none = Failed, a mix =
 * PartiallySucceeded; any step still pending or running keeps the operation Running.
 */
export function summariseSteps(
  regions: Readonly<Record<string, RegionStep>>,
): Exclude<OperationStatus, 'Pending'> {
  const steps = Object.values(regions);
  if (steps.length === 0) return 'Succeeded';
  if (steps.some((step) => step.status === 'Pending' || step.status === 'Running')) return 'Running';
  const failed = steps.filter((step) => step.status === 'Failed').length;
  if (failed === 0) return 'Succeeded';
  return failed === steps.length ? 'Failed' : 'PartiallySucceeded';
}
