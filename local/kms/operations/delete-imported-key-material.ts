// DeleteImportedKeyMaterial (KMS-MRK-SPEC section 6): this member loses its material (its siblings keep
// theirs) and waits in PendingImport; a key pending deletion stays pending deletion.
import { clearImportedMaterial, MATERIAL_EXPIRED } from '../model/lifecycle.js';
import { currentMaterialId } from '../model/metadata.js';
import { resolveKey } from '../model/resolve.js';
import { keyIdShape, str } from '../protocol/shapes.js';
import { assertExternal } from './import-checks.js';
import { defineOperation } from './operation.js';

export const deleteImportedKeyMaterial = defineOperation({
  input: {
    members: { KeyId: keyIdShape, KeyMaterialId: str({ min: 64, max: 64, pattern: /^[a-f0-9]+$/ }) },
    required: ['KeyId'],
  },
  run(ctx, input: { KeyId: string; KeyMaterialId?: string }) {
    const resolved = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'DeleteImportedKeyMaterial' });
    assertExternal(resolved);
    const { shared, key } = resolved;
    const materialId = key.importedMaterialIds?.at(-1);
    // PendingImport: nothing to delete, and AWS answers success (key-state table: "no-op").
    if (key.state !== 'PendingImport') {
      clearImportedMaterial(key, currentMaterialId(shared, key));
      ctx.store.unscheduleKey(MATERIAL_EXPIRED, shared.account, shared.keyId, key.region);
    }
    ctx.record({
      eventName: 'DeleteImportedKeyMaterial',
      requestParameters: { keyId: input.KeyId },
      responseElements: null,
      resources: [key.arn],
    });
    return { KeyId: key.arn, ...(materialId && { KeyMaterialId: materialId }) };
  },
});
