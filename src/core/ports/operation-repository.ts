// OperationRepository: operation records, their per-Region progress, and the per-key history.
import type { Operation, OperationError, OperationStatus, RegionStep } from '../model/operation.js';
import type { Page, PageRequest } from './page.js';

export interface OperationRepository {
  /**
   * Stores a new operation. Idempotent: if an operation with the same id, type and key id exists it
   * is returned unchanged (a retried request); a different one under that id is a ConflictError.
   */
  create(operation: Operation): Promise<Operation>;

  get(operationId: string): Promise<Operation | undefined>;

  /** Sets one Region's step. NotFoundError if the operation does not exist. */
  recordStep(operationId: string, region: string, step: RegionStep): Promise<Operation>;

  /**
   * Moves the operation to `status`. A finished operation (Succeeded, PartiallySucceeded, Failed)
   * does not change again: ConflictError, except that repeating the same final status is a no-op.
   */
  setStatus(
    operationId: string,
    status: OperationStatus,
    extra?: { readonly error?: OperationError; readonly executionArn?: string },
  ): Promise<Operation>;

  /**
   * Moves an operation that failed before its workflow started (`neverStarted`) back to Pending, for a
   * retry of its request. ConflictError for any other operation; NotFoundError.
   */
  reopen(operationId: string): Promise<Operation>;

  /**
   * Stores the ARN of the workflow execution carrying the operation out, and nothing else: the
   * workflow may already have moved the status on, so the status is left as it is. NotFoundError if
   * the operation does not exist.
   */
  recordExecution(operationId: string, executionArn: string): Promise<Operation>;

  /** Operations on one key set, newest first. */
  listByKey(keyId: string, page?: PageRequest): Promise<Page<Operation>>;
}
