// ScheduleKeyDeletion (KMS-MRK-SPEC section 7): 7-30 days; a primary that still has replicas waits in
// PendingReplicaDeletion, and its own window starts only when the last replica is actually deleted.
import { startDeletionWindow } from '../model/lifecycle.js';
import { resolveKey } from '../model/resolve.js';
import { errors } from '../protocol/errors.js';
import { int, keyIdShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';

interface Input {
  KeyId: string;
  PendingWindowInDays?: number;
}

export const scheduleKeyDeletion = defineOperation({
  input: {
    // The current model widened the type to 1..365; the 7..30 rule is the service's (checked below).
    members: { KeyId: keyIdShape, PendingWindowInDays: int({ min: 1, max: 365 }) },
    required: ['KeyId'],
  },
  run(ctx, input: Input) {
    const days = input.PendingWindowInDays ?? 30;
    if (days < 7 || days > 30) {
      // UNCONFIRMED: AWS's text for 1..6 / 31..365; this is the older model's 7..30 constraint wording.
      const bound = days < 7 ? 'greater than or equal to 7' : 'less than or equal to 30';
      throw errors.validation(
        `1 validation error detected: Value '${days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value ${bound}`,
      );
    }
    const { shared, key } = resolveKey(ctx, input.KeyId, {
      aliases: false,
      operation: 'ScheduleKeyDeletion',
    });
    const now = ctx.clock.now();
    const isPrimaryWithReplicas =
      shared.multiRegion &&
      shared.primaryRegion === key.region &&
      ctx.store.membersOf(shared.account, shared.keyId).length > 1;
    delete key.settledState;
    if (isPrimaryWithReplicas) {
      key.state = 'PendingReplicaDeletion';
      key.pendingWindowInDays = days;
      delete key.deletionDate;
    } else {
      startDeletionWindow(ctx.store, shared.account, key, now, days);
    }
    const output = {
      KeyId: key.arn,
      ...(key.deletionDate !== undefined && { DeletionDate: key.deletionDate / 1000 }),
      KeyState: key.state,
      PendingWindowInDays: days,
    };
    ctx.record({
      eventName: 'ScheduleKeyDeletion',
      requestParameters: { keyId: input.KeyId, pendingWindowInDays: days },
      responseElements: {
        keyId: key.arn,
        keyState: key.state,
        ...(output.DeletionDate && { deletionDate: new Date(key.deletionDate as number).toISOString() }),
      },
      resources: [key.arn],
    });
    return output;
  },
});
