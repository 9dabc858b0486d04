// HTTP-only failures the domain error family does not name: wrong media type and oversized bodies.
import { DomainError } from '../../core/errors.js';

/** The body is not JSON (415). */
export class UnsupportedMediaTypeError extends DomainError {
  override get name(): string {
    return 'UnsupportedMediaTypeError';
  }

  readonly code = 'UnsupportedMediaType';
  readonly status = 415;
}

/** The body is larger than the API accepts (413). */
export class PayloadTooLargeError extends DomainError {
  override get name(): string {
    return 'PayloadTooLargeError';
  }

  readonly code = 'PayloadTooLarge';
  readonly status = 413;
}
