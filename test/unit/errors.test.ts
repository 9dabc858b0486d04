import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  DependencyError,
  ForbiddenError,
  IdempotencyMismatchError,
  NotFoundError,
  PreconditionFailedError,
  publicError,
  ThrottledError,
  UnauthorizedError,
  ValidationError,
} from '../../src/core/errors.js';

describe('domain errors', () => {
  it.each([
    [ValidationError, 'ValidationError', 400],
    [UnauthorizedError, 'Unauthorized', 401],
    [ForbiddenError, 'Forbidden', 403],
    [NotFoundError, 'NotFound', 404],
    [ConflictError, 'Conflict', 409],
    [PreconditionFailedError, 'PreconditionFailed', 412],
    [IdempotencyMismatchError, 'IdempotencyKeyMismatch', 422],
    [ThrottledError, 'Throttled', 429],
    [DependencyError, 'DependencyError', 503],
  ])('%o has a stable code and status', (ErrorClass, code, status) => {
    const error = new ErrorClass('something');
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.name).toBe(ErrorClass.name);
    expect(error).toBeInstanceOf(Error);
  });

  it('keeps the cause and details', () => {
    const sdkError = new Error('AccessDeniedException');
    const error = new ForbiddenError('Region eu-central-1 is not allowed', {
      cause: sdkError,
      details: { rule: 'allowedRegions' },
    });
    expect(error.cause).toBe(sdkError);
    expect(error.details).toEqual({ rule: 'allowedRegions' });
  });

  it('has no cause property when none is given', () => {
    expect('cause' in new NotFoundError('x')).toBe(false);
  });

  it('reveals the message of client errors only', () => {
    expect(publicError(new ConflictError('held by op-1', { details: { operationId: 'op-1' } }))).toEqual({
      status: 409,
      code: 'Conflict',
      message: 'held by op-1',
      details: { operationId: 'op-1' },
    });
    expect(publicError(new DependencyError('kms endpoint 10.0.0.1 refused'))).toEqual({
      status: 503,
      code: 'DependencyError',
      message: 'A dependency is unavailable; retry later.',
    });
    expect(publicError(new TypeError('x is undefined'))).toEqual({
      status: 500,
      code: 'InternalError',
      message: 'Internal error.',
    });
  });
});
