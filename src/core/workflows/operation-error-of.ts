// The operation error recorded for a failed workflow step, from what an ASL Catch hands on.
import type { OperationError } from '../model/operation.js';

/** `{ Error, Cause }` as Step Functions puts it at a Catch's ResultPath. */
export interface CaughtError {
  readonly Error?: string | undefined;
  readonly Cause?: string | undefined;
}

const MAX_MESSAGE = 1000;

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
  return { code, message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}...` : message };
}
