// Task "Rotate Key Material": RotateKeyOnDemand (or set automatic rotation) on the current primary.
import * as z from 'zod';
import { ConflictError } from '../../core/errors.js';
import type { TaskDeps } from './task-deps.js';
import { operationEvent, parseEvent, regionSchema } from './task-event.js';
import { appendAudit, loadOperation, recordStep } from './workflow-records.js';

const schema = operationEvent.extend({
  primaryRegion: regionSchema,
  /** The primary's material before this operation; '' when unknown. */
  materialIdBefore: z.string().max(64).default(''),
  /** Every member Region (recorded as done when only settings change). */
  regions: z.array(regionSchema).min(1).max(40),
  /** Given: set automatic rotation instead of rotating now; null or absent: rotate now. */
  rotation: z
    .object({ enabled: z.boolean(), periodInDays: z.number().int().min(90).max(2560).optional() })
    .nullish(),
});

export interface RotatePrimaryResult {
  /** True when new key material is on its way and every member must be checked for it. */
  readonly materialChanges: boolean;
}

/**
 * Rotation is shared: only the primary takes it, and the primary is re-resolved by the plan step
 * just before (KMS-MRK-SPEC 15.4). On-demand rotation is not idempotent, so a retry first checks
 * whether the material already moved on or a rotation is in progress.
 */
export async function rotatePrimary(deps: TaskDeps, event: unknown): Promise<RotatePrimaryResult> {
  const input = parseEvent(schema, event, 'RotatePrimary');
  const operation = await loadOperation(deps, input.operationId, input.keyId);
  const { primaryRegion, keyId } = input;
  if (input.rotation !== undefined && input.rotation !== null) {
    if (input.rotation.enabled)
      await deps.kms.enableKeyRotation(primaryRegion, keyId, input.rotation.periodInDays);
    else await deps.kms.disableKeyRotation(primaryRegion, keyId);
    await appendAudit(deps, operation, {
      step: 'rotation-settings',
      region: primaryRegion,
      action: input.rotation.enabled ? 'EnableKeyRotation' : 'DisableKeyRotation',
      result: 'Succeeded',
      details: { periodInDays: input.rotation.periodInDays ?? null },
    });
    // Rotation settings are shared: KMS carries them from the primary to every replica itself.
    const note = `Automatic rotation ${input.rotation.enabled ? 'enabled' : 'disabled'} on the primary`;
    for (const region of input.regions)
      await recordStep(deps, operation.operationId, region, 'Succeeded', { note });
    return { materialChanges: false };
  }
  const primary = await deps.kms.describeKey(primaryRegion, keyId);
  if (primary?.role !== 'PRIMARY') {
    throw new ConflictError(
      `The primary of ${keyId} is no longer in ${primaryRegion}; run the rotation again`,
      {
        details: { keyId, region: primaryRegion },
      },
    );
  }
  const moved = input.materialIdBefore !== '' && primary.currentKeyMaterialId !== input.materialIdBefore;
  const status = moved ? undefined : await deps.kms.getKeyRotationStatus(primaryRegion, keyId);
  const inProgress = moved || status?.onDemandRotationStartDate !== undefined;
  if (!inProgress) await deps.kms.rotateKeyOnDemand(primaryRegion, keyId);
  await appendAudit(deps, operation, {
    step: 'rotate',
    region: primaryRegion,
    action: 'RotateKeyOnDemand',
    result: 'Succeeded',
    details: { materialIdBefore: input.materialIdBefore, alreadyUnderWay: inProgress },
  });
  return { materialChanges: true };
}
