// Maps DynamoDB SDK errors (matched by name) to the domain error family, keeping the SDK error as cause.
import { DependencyError, type DomainError, isDomainError, ThrottledError } from '../../../core/errors.js';

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

export function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : undefined;
}

export function isConditionFailed(error: unknown): boolean {
  return errorName(error) === 'ConditionalCheckFailedException';
}

/**
 * Any failure other than a failed condition (which callers interpret): throttling becomes
 * ThrottledError, everything else (missing table, validation, network, 5xx) DependencyError.
 */
export function toDomainError(error: unknown, action: string): DomainError {
  if (isDomainError(error)) return error;
  const name = errorName(error) ?? 'Error';
  if (THROTTLING.has(name)) {
    return new ThrottledError(`DynamoDB throttled ${action}`, {
      cause: error,
      details: { dependency: 'DynamoDB' },
    });
  }
  // The SDK message goes into ours for the logs; callers never see 5xx messages (publicError).
  const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
  return new DependencyError(`DynamoDB failed during ${action} (${name}${detail})`, {
    cause: error,
    details: { dependency: 'DynamoDB', error: name },
  });
}
