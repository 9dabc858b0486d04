// Preconditions on a key set's lifecycle and members that several mutations share (all 409 / 400).
import { ConflictError, ValidationError } from '../../../core/errors.js';
import type { KeySet, KeySetStatus } from '../../../core/model/key-set.js';
import { supportsAutomaticRotation } from '../../../core/model/key-set.js';

export function assertStatus(keySet: KeySet, allowed: readonly KeySetStatus[], action: string): void {
  if (!allowed.includes(keySet.status)) {
    throw new ConflictError(
      `Key ${keySet.keyId} is ${keySet.status}; ${action} needs it ${allowed.join(' or ')}`,
      {
        details: { keyId: keySet.keyId, status: keySet.status },
      },
    );
  }
}

export function assertMemberRegion(keySet: KeySet, region: string): void {
  if (!keySet.regions.includes(region)) {
    throw new ConflictError(`Key ${keySet.keyId} has no member in ${region}`, {
      details: { keyId: keySet.keyId, region, regions: keySet.regions },
    });
  }
}

export function assertRotationFits(keySet: Pick<KeySet, 'keySpec' | 'origin'>, enabled: boolean): void {
  if (enabled && !supportsAutomaticRotation(keySet)) {
    throw new ValidationError(
      `${keySet.keySpec} keys with origin ${keySet.origin} do not support automatic rotation`,
      {
        details: { field: 'rotation' },
      },
    );
  }
}

export function assertOverridesAreMembers(
  regions: readonly string[],
  overrides: Readonly<Record<string, unknown>>,
): void {
  const outside = Object.keys(overrides).filter((region) => !regions.includes(region));
  if (outside.length > 0) {
    throw new ValidationError(`regionOverrides name Regions that are not members: ${outside.join(', ')}`, {
      details: { field: 'regionOverrides', regions: outside },
    });
  }
}
