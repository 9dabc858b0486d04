// EnableKeyRotation (KMS-MRK-SPEC section 8): on the primary only; 90-2560 days (default 365); the
// setting is shared, so every replica reports it; the next rotation is a timed event on the clock.
import { DAY_MS, scheduleRotation } from '../model/lifecycle.js';
import { resolveKey } from '../model/resolve.js';
import { int, keyIdShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';
import { recordSharedChange } from './record-shared-change.js';
import { assertAutoRotatable, assertRotationPrimary } from './rotation-checks.js';

export const enableKeyRotation = defineOperation({
  input: {
    members: { KeyId: keyIdShape, RotationPeriodInDays: int({ min: 90, max: 2560 }) },
    required: ['KeyId'],
  },
  run(ctx, input: { KeyId: string; RotationPeriodInDays?: number }) {
    const resolved = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'EnableKeyRotation' });
    assertAutoRotatable(resolved);
    assertRotationPrimary(resolved);
    const { shared, key } = resolved;
    const period = input.RotationPeriodInDays ?? 365;
    const rotation = shared.rotation;
    const now = ctx.clock.now();
    if (!rotation.enabled || rotation.nextRotationAt === undefined) {
      rotation.nextRotationAt = now + period * DAY_MS;
    } else if (period !== rotation.periodInDays) {
      // A new period counts from the last rotation (or from when rotation was enabled).
      const last = rotation.nextRotationAt - rotation.periodInDays * DAY_MS;
      rotation.nextRotationAt = Math.max(now, last + period * DAY_MS);
    }
    rotation.enabled = true;
    rotation.periodInDays = period;
    scheduleRotation(ctx.store, shared);
    recordSharedChange(ctx, shared, {
      eventName: 'EnableKeyRotation',
      requestParameters: { keyId: input.KeyId, rotationPeriodInDays: period },
      responseElements: null,
      resources: [key.arn],
    });
    return undefined;
  },
});
