// Transient KMS failures, named so ASL Retry can match them (`ErrorEquals: ["KmsThrottled", "KmsUnavailable"]`).
import { DependencyError, ThrottledError } from '../errors.js';

/** KMS throttled the call (ThrottlingException); retry with backoff. The name is fixed: ASL matches it. */
export class KmsThrottledError extends ThrottledError {
  override get name(): string {
    return 'KmsThrottled';
  }
}

/**
 * KMS failed or could not be reached (KMSInternalException, DependencyTimeoutException,
 * KeyUnavailableException, a 5xx, a network error); retry with backoff. The name is fixed: ASL matches it.
 */
export class KmsUnavailableError extends DependencyError {
  override get name(): string {
    return 'KmsUnavailable';
  }
}
