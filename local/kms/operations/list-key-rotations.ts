// ListKeyRotations (KMS-MRK-SPEC section 8): the set's rotations, oldest first, on any member;
// ALL_KEY_MATERIAL also lists the original material (which is not a rotation).
import { currentMaterialId } from '../model/metadata.js';
import { resolveKey } from '../model/resolve.js';
import type { MaterialVersion } from '../model/types.js';
import { errors } from '../protocol/errors.js';
import { enumOf, int, keyIdShape, markerShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';
import { pageFields, paginate } from './paginate.js';

interface Input {
  KeyId: string;
  IncludeKeyMaterial?: 'ALL_KEY_MATERIAL' | 'ROTATIONS_ONLY';
  Limit?: number;
  Marker?: string;
}

export const listKeyRotations = defineOperation({
  input: {
    members: {
      KeyId: keyIdShape,
      IncludeKeyMaterial: enumOf(['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY']),
      Limit: int({ min: 1, max: 1000 }),
      Marker: markerShape,
    },
    required: ['KeyId'],
  },
  readOnly: true,
  run(ctx, input: Input) {
    const { shared, key } = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'ListKeyRotations' });
    // UNCONFIRMED: text for asymmetric/HMAC keys (only symmetric keys rotate).
    if (shared.keySpec !== 'SYMMETRIC_DEFAULT') throw errors.unsupported();
    const all = input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL';
    const versions = all ? shared.materials : shared.materials.filter((material) => material.rotationType);
    const current = currentMaterialId(shared, key) ?? shared.materials.at(-1)?.id;
    const page = paginate(versions, input.Limit ?? 100, input.Marker);
    return {
      Rotations: page.items.map((material) =>
        rotationEntry(shared.keyId, material, current, key.importedMaterialIds),
      ),
      ...pageFields(page),
    };
  },
});

function rotationEntry(
  keyId: string,
  material: MaterialVersion,
  current: string | undefined,
  imported: string[] | undefined,
): Record<string, unknown> {
  return {
    KeyId: keyId,
    KeyMaterialId: material.id,
    KeyMaterialState: material.id === current ? 'CURRENT' : 'NON_CURRENT',
    ...(imported && { ImportState: imported.includes(material.id) ? 'IMPORTED' : 'PENDING_IMPORT' }),
    ...(material.rotationType && {
      RotationDate: material.createdAt / 1000,
      RotationType: material.rotationType,
    }),
  };
}
