// RotateKeyOnDemand (KMS-MRK-SPEC section 8): on the primary; the new material reaches every replica at
// once (shared record) and old ciphertexts keep decrypting everywhere. NextRotationDate does not move.

import { assertKeyState } from '../model/key-state.js';
import { rotateMaterial } from '../model/lifecycle.js';
import { resolveKey } from '../model/resolve.js';
import { errors } from '../protocol/errors.js';
import { keyIdShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';
import { recordSharedChange } from './record-shared-change.js';
import { assertRotationPrimary } from './rotation-checks.js';

export const rotateKeyOnDemand = defineOperation({
  input: { members: { KeyId: keyIdShape }, required: ['KeyId'] },
  run(ctx, input: { KeyId: string }) {
    const resolved = resolveKey(ctx, input.KeyId, { aliases: false });
    const { shared, key } = resolved;
    // AWS-recorded order: disabled (and other states), then key type, then pending import.
    if (key.state !== 'PendingImport') assertKeyState('RotateKeyOnDemand', key);
    if (shared.keySpec !== 'SYMMETRIC_DEFAULT') throw errors.unsupported();
    assertKeyState('RotateKeyOnDemand', key);
    assertRotationPrimary(resolved);
    if (shared.origin === 'EXTERNAL') {
      // The emulator does not model importing NEW_KEY_MATERIAL, so nothing is ever pending rotation.
      throw errors.invalidState(`No available key material pending rotation for the key: ${key.arn}.`);
    }
    if (shared.rotation.onDemandCount >= ctx.options.onDemandRotationLimit) {
      throw errors.limitExceeded(
        `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
      );
    }
    shared.rotation.onDemandCount += 1;
    const materialId = rotateMaterial(shared, 'ON_DEMAND', ctx.clock.now(), ctx.random);
    recordSharedChange(ctx, shared, {
      eventName: 'RotateKeyOnDemand',
      requestParameters: { keyId: input.KeyId },
      responseElements: { keyId: key.arn, keyMaterialId: materialId },
      resources: [key.arn],
    });
    return { KeyId: key.arn };
  },
});
