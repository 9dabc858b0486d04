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
    const pending = shared.materials.find((material) => material.pending);
    if (shared.origin === 'EXTERNAL' && !pending) {
      throw errors.invalidState(`No available key material pending rotation for the key: ${key.arn}.`);
    }
    if (pending) {
      // Every member of a multi-Region set must hold the new material before the set rotates to it.
      const missing = ctx.store
        .membersOf(shared.account, shared.keyId)
        .filter((member) => !member.importedMaterialIds?.includes(pending.id));
      if (missing.length > 0) {
        // UNCONFIRMED: AWS's text (its ListKeyRotations state is PENDING_MULTI_REGION_IMPORT_AND_ROTATION).
        throw errors.invalidState(
          `Key material ${pending.id} must be imported into ${missing.map((member) => member.arn).join(', ')} before ${key.arn} can rotate to it.`,
        );
      }
    }
    if (shared.rotation.onDemandCount >= ctx.options.onDemandRotationLimit) {
      throw errors.limitExceeded(
        `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
      );
    }
    shared.rotation.onDemandCount += 1;
    let materialId: string;
    if (pending) {
      // The imported material becomes current: moved to the end, stamped as an on-demand rotation.
      const { pending: _pending, ...material } = pending;
      shared.materials = [
        ...shared.materials.filter((version) => version !== pending),
        { ...material, createdAt: ctx.clock.now(), rotationType: 'ON_DEMAND' },
      ];
      materialId = pending.id;
    } else {
      materialId = rotateMaterial(shared, 'ON_DEMAND', ctx.clock.now(), ctx.random);
    }
    recordSharedChange(ctx, shared, {
      eventName: 'RotateKeyOnDemand',
      requestParameters: { keyId: input.KeyId },
      responseElements: { keyId: key.arn, keyMaterialId: materialId },
      resources: [key.arn],
    });
    return { KeyId: key.arn };
  },
});
