// Turns an error from @aws-sdk/client-kms into the domain error family, by the AWS error's name.
import {
  ConflictError,
  DependencyError,
  type DomainError,
  NotFoundError,
  ValidationError,
} from '../../../core/errors.js';
import { KmsThrottledError, KmsUnavailableError } from '../../../core/workflows/kms-errors.js';

export interface KmsCallContext {
  readonly operation: string;
  readonly region: string;
  readonly keyId?: string | undefined;
}

const CONFLICTS = new Set([
  'AlreadyExistsException',
  'ConflictException',
  'DisabledException',
  'KMSInvalidStateException',
  'UnsupportedOperationException',
  'LimitExceededException',
  'IncorrectKeyException',
  'InvalidKeyUsageException',
]);

const INVALID = new Set([
  'ValidationException',
  'MalformedPolicyDocumentException',
  'TagException',
  'InvalidArnException',
  'InvalidAliasNameException',
  'InvalidMarkerException',
  'InvalidGrantIdException',
  'InvalidGrantTokenException',
  'SerializationException',
]);

// Server faults KMS documents as retryable (httpError 500/503 in the Smithy model).
const UNAVAILABLE = new Set([
  'KMSInternalException',
  'DependencyTimeoutException',
  'KeyUnavailableException',
]);

// Node and SDK names for a call that never got an answer: worth retrying like a server fault.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);
const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

/** The domain error for a failed KMS call; the SDK error is kept as `cause`. */
export function mapKmsError(error: unknown, context: KmsCallContext): DomainError {
  const sdk = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const awsError = typeof sdk.name === 'string' ? sdk.name : 'UnknownError';
  const awsMessage = typeof sdk.message === 'string' && sdk.message.length > 0 ? sdk.message : awsError;
  const where = context.keyId === undefined ? context.region : `${context.region} for ${context.keyId}`;
  const message = `KMS ${context.operation} in ${where}: ${awsMessage}`;
  const options = {
    cause: error,
    details: { awsError, operation: context.operation, region: context.region, keyId: context.keyId },
  };
  if (awsError === 'ThrottlingException') return new KmsThrottledError(message, options);
  if (UNAVAILABLE.has(awsError) || isNetworkError(sdk)) return new KmsUnavailableError(message, options);
  if (awsError === 'NotFoundException') {
    // "Invalid keyId 'x'" and "Invalid arn us-west-2" mean a malformed identifier, not a missing key.
    return /^Invalid (keyId|arn)\b/.test(awsMessage)
      ? new ValidationError(message, options)
      : new NotFoundError(message, options);
  }
  if (CONFLICTS.has(awsError)) return new ConflictError(message, options);
  if (INVALID.has(awsError)) return new ValidationError(message, options);
  // A 5xx nobody named is a server fault too; anything else (AccessDenied, unknown) is not retryable.
  if ((sdk.$metadata?.httpStatusCode ?? 0) >= 500) return new KmsUnavailableError(message, options);
  return new DependencyError(message, options);
}

/** The AWS error name behind a domain error made by mapKmsError. */
export function awsErrorOf(error: unknown): string | undefined {
  const details = (error as { details?: { awsError?: unknown } } | undefined)?.details;
  return typeof details?.awsError === 'string' ? details.awsError : undefined;
}

function isNetworkError(sdk: SdkErrorShape): boolean {
  if (typeof sdk.name === 'string' && NETWORK_NAMES.has(sdk.name)) return true;
  if (typeof sdk.code === 'string' && NETWORK_CODES.has(sdk.code)) return true;
  // undici and some SDK handlers wrap the socket error one level down.
  const cause = sdk.cause as SdkErrorShape | undefined;
  return typeof cause?.code === 'string' && NETWORK_CODES.has(cause.code);
}
