// GetKeyRotationStatus (KMS-MRK-SPEC section 8): any member; replicas report the primary's (shared)
// setting; a key pending deletion reads false, and its setting returns when the deletion is cancelled.
import { resolveKey } from '../model/resolve.js';
import { keyIdShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';
import { assertAutoRotatable } from './rotation-checks.js';

export const getKeyRotationStatus = defineOperation({
  input: { members: { KeyId: keyIdShape }, required: ['KeyId'] },
  readOnly: true,
  run(ctx, input: { KeyId: string }) {
    const resolved = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'GetKeyRotationStatus' });
    assertAutoRotatable(resolved);
    const { shared, key } = resolved;
    const pending = key.state === 'PendingDeletion' || key.state === 'PendingReplicaDeletion';
    const { enabled, periodInDays, nextRotationAt } = shared.rotation;
    if (!enabled || pending) return { KeyId: key.arn, KeyRotationEnabled: false };
    return {
      KeyId: key.arn,
      KeyRotationEnabled: true,
      RotationPeriodInDays: periodInDays,
      ...(nextRotationAt !== undefined && { NextRotationDate: nextRotationAt / 1000 }),
    };
  },
});
