// ListKeyRotations (KMS-MRK-SPEC section 8): the set's rotations, oldest first, on any member;
// ALL_KEY_MATERIAL also lists the original material (which is not a rotation).
import { currentMaterialId } from '../model/metadata.js';
import { resolveKey } from '../model/resolve.js';
import type { MaterialVersion, RegionalKey, SharedKey } from '../model/types.js';
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
    if (shared.keySpec !== 'SYMMETRIC_DEFAULT') {
      // IncludeKeyMaterial "can only be used with KMS keys that support automatic or on-demand key rotation".
      // UNCONFIRMED: both texts (only symmetric keys rotate).
      if (input.IncludeKeyMaterial !== undefined) {
        throw errors.validation(
          `IncludeKeyMaterial is supported only for symmetric encryption KMS keys; ${key.arn} is ${shared.keySpec}.`,
        );
      }
      throw errors.unsupported();
    }
    const all = input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL';
    const versions = all ? shared.materials : shared.materials.filter((material) => material.rotationType);
    const current =
      currentMaterialId(shared, key) ?? shared.materials.findLast((material) => !material.pending)?.id;
    const members = shared.origin === 'EXTERNAL' ? ctx.store.membersOf(shared.account, shared.keyId) : [key];
    const page = paginate(versions, input.Limit ?? 100, input.Marker);
    return {
      Rotations: page.items.map((material) => rotationEntry(shared, key, material, current, members)),
      ...pageFields(page),
    };
  },
});

function rotationEntry(
  shared: SharedKey,
  key: RegionalKey,
  material: MaterialVersion,
  current: string | undefined,
  members: readonly RegionalKey[],
): Record<string, unknown> {
  const external = shared.origin === 'EXTERNAL';
  const imported = key.importedMaterialIds?.includes(material.id) === true;
  const state = material.pending
    ? members.every((member) => member.importedMaterialIds?.includes(material.id))
      ? 'PENDING_ROTATION'
      : 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION'
    : material.id === current
      ? 'CURRENT'
      : 'NON_CURRENT';
  return {
    KeyId: shared.keyId,
    KeyMaterialId: material.id,
    // Only symmetric keys with EXTERNAL origin carry the import fields (RotationsListEntry).
    ...(external && material.description !== undefined && { KeyMaterialDescription: material.description }),
    ...(external && { ImportState: imported ? 'IMPORTED' : 'PENDING_IMPORT' }),
    KeyMaterialState: state,
    ...(external &&
      imported &&
      key.expirationModel !== undefined && {
        ExpirationModel: key.expirationModel,
        ...(material.id === current && key.validTo !== undefined && { ValidTo: key.validTo / 1000 }),
      }),
    ...(material.rotationType && {
      RotationDate: material.createdAt / 1000,
      RotationType: material.rotationType,
    }),
  };
}
