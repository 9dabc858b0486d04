// ImportKeyMaterial (KMS-MRK-SPEC sections 3.1, 6): the first import on any member of a set defines the
// set's material; every later import (another member, a re-import) must bring the same bytes.
import { createHash } from 'node:crypto';
import { DAY_MS, MATERIAL_EXPIRED } from '../model/lifecycle.js';
import { resolveKey } from '../model/resolve.js';
import { errors } from '../protocol/errors.js';
import { blob, enumOf, keyIdShape, str, timestamp } from '../protocol/shapes.js';
import { assertExternal } from './import-checks.js';
import { materialFields } from './import-material-spec.js';
import { openImportToken, unwrapMaterial } from './import-wrapping.js';
import { defineOperation, type OperationContext } from './operation.js';

interface Input {
  KeyId: string;
  ImportToken: Buffer;
  EncryptedKeyMaterial: Buffer;
  ValidTo?: number;
  ExpirationModel?: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE';
  ImportType?: 'NEW_KEY_MATERIAL' | 'EXISTING_KEY_MATERIAL';
  KeyMaterialDescription?: string;
  KeyMaterialId?: string;
}

export const importKeyMaterial = defineOperation({
  input: {
    members: {
      KeyId: keyIdShape,
      ImportToken: blob({ min: 1, max: 6144 }),
      EncryptedKeyMaterial: blob({ min: 1, max: 6144 }),
      ValidTo: timestamp(),
      ExpirationModel: enumOf(['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE']),
      ImportType: enumOf(['NEW_KEY_MATERIAL', 'EXISTING_KEY_MATERIAL']),
      KeyMaterialDescription: str({ min: 0, max: 256 }),
      KeyMaterialId: str({ min: 64, max: 64, pattern: /^[a-f0-9]+$/ }),
    },
    required: ['KeyId', 'ImportToken', 'EncryptedKeyMaterial'],
  },
  run(ctx, input: Input) {
    const now = ctx.clock.now();
    const model = expirationModel(input, now);
    const resolved = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'ImportKeyMaterial' });
    assertExternal(resolved);
    const { shared, key } = resolved;

    const token = openImportToken(ctx.options.importTokenKey, input.ImportToken);
    // UNCONFIRMED: AWS's texts for a foreign/altered token and an expired one.
    if (
      !token ||
      token.keyId !== key.keyId ||
      token.region !== ctx.region ||
      token.account !== shared.account
    ) {
      throw errors.invalidImportToken('The import token is invalid or was not issued for this KMS key.');
    }
    if (token.validTo < now) throw errors.expiredImportToken('The import token has expired.');
    const bytes = unwrapMaterial(
      token.algorithm,
      Buffer.from(token.privateKey, 'base64'),
      input.EncryptedKeyMaterial,
    );
    if (!bytes) throw errors.invalidCiphertext();
    const fields = materialFields(shared.keySpec, bytes);
    if (input.ImportType === 'NEW_KEY_MATERIAL' && shared.keySpec !== 'SYMMETRIC_DEFAULT') {
      // UNCONFIRMED: AWS's error and text; only symmetric encryption keys rotate.
      throw errors.validation(
        `ImportType NEW_KEY_MATERIAL is supported only for SYMMETRIC_DEFAULT keys, not ${shared.keySpec}.`,
      );
    }

    // The set's material identity: a deterministic hash of the bytes, scoped to the key id.
    const id = createHash('sha256')
      .update(`kms-emulator-material:${shared.keyId}:`)
      .update(bytes)
      .digest('hex');
    const known = shared.materials.find((material) => material.id === id);
    const pending = shared.materials.find((material) => material.pending);
    const isNew = input.ImportType === 'NEW_KEY_MATERIAL' && shared.materials.length > 0 && !known;
    if (input.KeyMaterialId && input.KeyMaterialId !== id) {
      // UNCONFIRMED: exact text; the type is the documented one.
      throw errors.incorrectKeyMaterial(
        `The key material does not match the KeyMaterialId ${input.KeyMaterialId}.`,
      );
    }
    if (isNew) {
      // New material for an on-demand rotation: one pending material per key at a time.
      if (pending) {
        // UNCONFIRMED: AWS's exact text; it names both material ids.
        throw errors.invalidState(
          `Key material ${pending.id} is already pending rotation for ${key.arn}; rotate the key (RotateKeyOnDemand) before importing new key material ${id}.`,
        );
      }
      shared.materials.push({
        id,
        createdAt: now,
        ...fields,
        pending: true,
        ...(input.KeyMaterialDescription !== undefined && { description: input.KeyMaterialDescription }),
      });
    } else if (shared.materials.length > 0 && !known) {
      // UNCONFIRMED: exact text; the type is the documented one (KMS Developer Guide, importing into replicas).
      throw errors.incorrectKeyMaterial(
        `The key material is not the key material previously imported into ${key.arn} or its multi-Region related keys.`,
      );
    } else if (!known) {
      shared.materials.push({
        id,
        createdAt: now,
        ...fields,
        ...(input.KeyMaterialDescription !== undefined && { description: input.KeyMaterialDescription }),
      });
    }
    delete key.deletedMaterialId;

    key.importedMaterialIds = [...new Set([...(key.importedMaterialIds ?? []), id])];
    const importedPending = isNew || known?.pending === true;
    if (importedPending) {
      recordImport(ctx, input, key.arn, model, id);
      return { KeyId: key.arn, KeyMaterialId: id };
    }
    key.expirationModel = model.expirationModel;
    ctx.store.unscheduleKey(MATERIAL_EXPIRED, shared.account, shared.keyId, key.region);
    if (model.validTo === undefined) delete key.validTo;
    else {
      key.validTo = model.validTo;
      ctx.store.schedule({
        at: model.validTo,
        kind: MATERIAL_EXPIRED,
        account: shared.account,
        region: key.region,
        keyId: key.keyId,
      });
    }
    if (key.state === 'PendingImport') key.state = 'Enabled';
    else if (key.state === 'Updating' && key.settledState === 'PendingImport') key.settledState = 'Enabled';
    recordImport(ctx, input, key.arn, model, id);
    return { KeyId: key.arn, KeyMaterialId: id };
  },
});

function recordImport(
  ctx: OperationContext,
  input: Input,
  arn: string,
  model: { expirationModel: string; validTo?: number },
  id: string,
): void {
  ctx.record({
    eventName: 'ImportKeyMaterial',
    requestParameters: {
      keyId: input.KeyId,
      expirationModel: model.expirationModel,
      ...(model.validTo !== undefined && { validTo: new Date(model.validTo).toISOString() }),
      ...(input.ImportType !== undefined && { importType: input.ImportType }),
    },
    responseElements: { keyMaterialId: id },
    resources: [arn],
  });
}

function expirationModel(
  input: Input,
  now: number,
): { expirationModel: NonNullable<Input['ExpirationModel']>; validTo?: number } {
  // The documented default is KEY_MATERIAL_EXPIRES, which requires ValidTo (KMS API reference, ImportKeyMaterial).
  const model = input.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES';
  // UNCONFIRMED: AWS's texts for these ValidTo rules (the rules themselves are documented).
  if (model === 'KEY_MATERIAL_DOES_NOT_EXPIRE') {
    if (input.ValidTo !== undefined) {
      throw errors.validation(
        'ValidTo must not be set when ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE.',
      );
    }
    return { expirationModel: model };
  }
  if (input.ValidTo === undefined) {
    throw errors.validation('ValidTo is required when ExpirationModel is KEY_MATERIAL_EXPIRES.');
  }
  if (input.ValidTo <= now || input.ValidTo > now + 365 * DAY_MS) {
    throw errors.validation('ValidTo must be in the future and no more than 365 days from now.');
  }
  return { expirationModel: model, validTo: input.ValidTo };
}
