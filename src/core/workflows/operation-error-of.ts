// The operation error recorded for a failed workflow step, from what an ASL Catch hands on.
import {
  ConflictError,
  DependencyError,
  ForbiddenError,
  IdempotencyMismatchError,
  NotFoundError,
  PreconditionFailedError,
  ThrottledError,
  UnauthorizedError,
  ValidationError,
} from '../errors.js';
import type { OperationError } from '../model/operation.js';
import { KmsThrottledError, KmsUnavailableError } from './kms-errors.js';
import {
  LockWaitTimedOutError,
  MemberWaitTimedOutError,
  ReplicasNotScheduledError,
} from './workflow-errors.js';

/** `{ Error, Cause }` as Step Functions puts it at a Catch's ResultPath. */
export interface CaughtError {
  readonly Error?: string | undefined;
  readonly Cause?: string | undefined;
}

const MAX_MESSAGE = 1000;

/**
 * The HTTP-style status of each error name a task can fail with (the names are the contract with ASL).
 * The same rule as the API's (publicError): only errors below 500 may show their message; anything
 * else (a dependency's 5xx text, a runtime error, a States.* error) is recorded in fixed words.
 */
const STATUS_BY_NAME: ReadonlyMap<string, number> = new Map(
  [
    new ValidationError(''),
    new UnauthorizedError(''),
    new ForbiddenError(''),
    new NotFoundError(''),
    new ConflictError(''),
    new PreconditionFailedError(''),
    new IdempotencyMismatchError(''),
    new ThrottledError(''),
    new DependencyError(''),
    new KmsThrottledError(''),
    new KmsUnavailableError(''),
    new LockWaitTimedOutError(''),
    new MemberWaitTimedOutError(''),
    new ReplicasNotScheduledError(''),
  ].map((error) => [error.name, error.status]),
);

const HIDDEN_MESSAGES: Readonly<Record<string, string>> = {
  KmsUnavailable: 'KMS was unavailable in this Region after every retry; run a reconcile to finish the job.',
  MemberWaitTimedOut: 'The key did not reach its expected state in time; run a reconcile to finish the job.',
  'States.Timeout': 'The step timed out; run a reconcile to finish the job.',
};
const HIDDEN_DEFAULT = 'The step failed in a dependency; run a reconcile to finish the job.';

/**
 * For a Lambda task, Cause is the JSON error document `{ errorType, errorMessage, trace }`; the
 * message a person needs is errorMessage. Other causes are kept as text (shortened: it is stored).
 */
export function operationErrorOf(caught: CaughtError | undefined): OperationError {
  const code = caught?.Error || 'States.Unknown';
  const cause = caught?.Cause ?? '';
  let message = cause;
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
  } catch {
    // Not JSON: a States.* error or a plain text cause.
  }
  if (message === '') message = code;
  const status = STATUS_BY_NAME.get(code);
  if (status === undefined || status >= 500)
    return { code, message: HIDDEN_MESSAGES[code] ?? HIDDEN_DEFAULT };
  return { code, message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}...` : message };
}
