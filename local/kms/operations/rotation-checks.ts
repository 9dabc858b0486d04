// Checks shared by the rotation operations (KMS-MRK-SPEC section 8): which keys can rotate, and that
// only the primary controls the set's rotation.
import type { ResolvedKey } from '../model/resolve.js';
import { errors } from '../protocol/errors.js';

/** Automatic rotation: symmetric encryption keys with AWS_KMS origin only. */
export function assertAutoRotatable({ shared, key }: ResolvedKey): void {
  if (shared.origin === 'EXTERNAL') {
    throw errors.unsupported(`${key.arn} origin is EXTERNAL which is not valid for this operation.`);
  }
  // UNCONFIRMED: AWS's message for asymmetric/HMAC keys; RotateKeyOnDemand's AWS-recorded error has none.
  if (shared.keySpec !== 'SYMMETRIC_DEFAULT') throw errors.unsupported();
}

/** Rotation is a shared property: only the primary sets it; replicas inherit it by synchronisation. */
export function assertRotationPrimary({ shared, key }: ResolvedKey): void {
  if (shared.multiRegion && shared.primaryRegion !== key.region) {
    // UNCONFIRMED: type and text for a replica; the spec suggests UnsupportedOperationException.
    throw errors.unsupported(`${key.arn} is not a multi-region primary key.`);
  }
}
