// DisableKeyRotation (KMS-MRK-SPEC section 8): on the primary only; replicas follow by synchronisation.
import { scheduleRotation } from '../model/lifecycle.js';
import { resolveKey } from '../model/resolve.js';
import { keyIdShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';
import { recordSharedChange } from './record-shared-change.js';
import { assertAutoRotatable, assertRotationPrimary } from './rotation-checks.js';

export const disableKeyRotation = defineOperation({
  input: { members: { KeyId: keyIdShape }, required: ['KeyId'] },
  run(ctx, input: { KeyId: string }) {
    const resolved = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'DisableKeyRotation' });
    assertAutoRotatable(resolved);
    assertRotationPrimary(resolved);
    const { shared, key } = resolved;
    shared.rotation.enabled = false;
    delete shared.rotation.nextRotationAt;
    scheduleRotation(ctx.store, shared);
    recordSharedChange(ctx, shared, {
      eventName: 'DisableKeyRotation',
      requestParameters: { keyId: input.KeyId },
      responseElements: null,
      resources: [key.arn],
    });
    return undefined;
  },
});
