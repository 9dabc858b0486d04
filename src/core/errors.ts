// The domain error family: every failure the control plane reports on purpose is one of these.
// Each has a stable `code` (what API callers and ASL Retry/Catch match on) and an HTTP status;
// adapters wrap SDK errors in them with the original as `cause`.

export type ErrorDetails = Readonly<Record<string, unknown>>;

export interface DomainErrorOptions {
  cause?: unknown;
  details?: ErrorDetails;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly details: ErrorDetails | undefined;

  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details;
  }

  /** Each class spells its name out, so it survives minification: ASL Retry/Catch and callers match on it. */
  abstract override get name(): string;
}

/** The request is malformed or breaks a rule of the input shape (400). */
export class ValidationError extends DomainError {
  override get name(): string {
    return 'ValidationError';
  }

  readonly code = 'ValidationError';
  readonly status = 400;
}

/** No credentials, or credentials that do not verify (401). */
export class UnauthorizedError extends DomainError {
  override get name(): string {
    return 'UnauthorizedError';
  }

  readonly code = 'Unauthorized';
  readonly status = 401;
}

/** The caller may not do this: role, tenant or guardrail (403). `details.rule` names a guardrail. */
export class ForbiddenError extends DomainError {
  override get name(): string {
    return 'ForbiddenError';
  }

  readonly code = 'Forbidden';
  readonly status = 403;
}

/** The resource does not exist, or the caller may not know that it does (404). */
export class NotFoundError extends DomainError {
  override get name(): string {
    return 'NotFoundError';
  }

  readonly code = 'NotFound';
  readonly status = 404;
}

/** Another operation holds the key, or its state forbids the request (409). */
export class ConflictError extends DomainError {
  override get name(): string {
    return 'ConflictError';
  }

  readonly code = 'Conflict';
  readonly status = 409;
}

/** The caller's expected version (If-Match) is stale (412). */
export class PreconditionFailedError extends DomainError {
  override get name(): string {
    return 'PreconditionFailedError';
  }

  readonly code = 'PreconditionFailed';
  readonly status = 412;
}

/** The same idempotency key was sent with a different request (422). */
export class IdempotencyMismatchError extends DomainError {
  override get name(): string {
    return 'IdempotencyMismatchError';
  }

  readonly code = 'IdempotencyKeyMismatch';
  readonly status = 422;
}

/** A dependency throttled us and retries did not help (429). */
export class ThrottledError extends DomainError {
  override get name(): string {
    return 'ThrottledError';
  }

  readonly code = 'Throttled';
  readonly status = 429;
}

/** A dependency (KMS, DynamoDB, Step Functions) failed or is unavailable (503). */
export class DependencyError extends DomainError {
  override get name(): string {
    return 'DependencyError';
  }

  readonly code = 'DependencyError';
  readonly status = 503;
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** The answer a caller may see: domain errors below 500 keep their message, anything else is fixed. */
export function publicError(error: unknown): {
  status: number;
  code: string;
  message: string;
  details?: ErrorDetails;
} {
  if (isDomainError(error) && error.status < 500) {
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      ...(error.details && { details: error.details }),
    };
  }
  if (isDomainError(error)) {
    return { status: error.status, code: error.code, message: 'A dependency is unavailable; retry later.' };
  }
  return { status: 500, code: 'InternalError', message: 'Internal error.' };
}
