// Drift in key states and shared properties: lifecycle disagreements, stuck states, rotation, material.
import type { DriftFinding } from '../model/drift-finding.js';
import type { KeySet } from '../model/key-set.js';
import { supportsAutomaticRotation } from '../model/key-set.js';
import type { Member } from '../model/member.js';
import { isPendingDeletion } from '../model/member.js';
import { finding } from './finding.js';

const DEFAULT_ROTATION_PERIOD = 365;

/**
 * A member whose key state contradicts the set's lifecycle: a set pending deletion with a member
 * that is not (someone cancelled outside the control plane), a Deleted set with a live member, or
 * an Active set with a member KMS cannot use (Unavailable, or PendingImport for KMS-made material).
 */
export function memberStateFindings(keySet: KeySet, member: Member): DriftFinding[] {
  const expectPending = keySet.status === 'PendingDeletion' || keySet.status === 'Deleted';
  if (expectPending && !isPendingDeletion(member)) {
    return [
      finding(keySet, member.region, 'StateDrift', {
        expected: 'PendingDeletion',
        actual: member.keyState,
        severity: 'high',
        remedy: 'None',
        message: `The key set is ${keySet.status} but the key in ${member.region} is ${member.keyState}`,
      }),
    ];
  }
  const unusable =
    member.keyState === 'Unavailable' || (member.keyState === 'PendingImport' && keySet.origin === 'AWS_KMS');
  if (keySet.status === 'Active' && unusable) {
    return [
      finding(keySet, member.region, 'StateDrift', {
        expected: 'Enabled',
        actual: member.keyState,
        severity: 'medium',
        remedy: 'None',
        message: `The key in ${member.region} is ${member.keyState}`,
      }),
    ];
  }
  return [];
}

/**
 * Shared properties: the primary's rotation setting against the desired one, and members that
 * disagree on the current key material (rotation not yet, or never, propagated).
 */
export function rotationFindings(keySet: KeySet, observed: Readonly<Record<string, Member>>): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const primary = Object.values(observed).find((member) => member.role === 'PRIMARY');
  if (primary?.rotation !== undefined && supportsAutomaticRotation(keySet)) {
    const desired = keySet.desired.rotation;
    const actual = primary.rotation;
    const samePeriod =
      !desired.enabled ||
      (desired.periodInDays ?? DEFAULT_ROTATION_PERIOD) === (actual.periodInDays ?? DEFAULT_ROTATION_PERIOD);
    if (desired.enabled !== actual.enabled || !samePeriod) {
      findings.push(
        finding(keySet, primary.region, 'SharedPropertyDrift', {
          property: 'rotation',
          expected: {
            enabled: desired.enabled,
            periodInDays: desired.enabled ? (desired.periodInDays ?? DEFAULT_ROTATION_PERIOD) : null,
          },
          actual: {
            enabled: actual.enabled,
            periodInDays: actual.enabled ? (actual.periodInDays ?? DEFAULT_ROTATION_PERIOD) : null,
          },
          severity: 'medium',
          remedy: 'SyncRotation',
          message: `Automatic rotation on the primary (${primary.region}) differs from the desired setting`,
        }),
      );
    }
  }
  const material = primary?.currentKeyMaterialId;
  if (material !== undefined) {
    for (const member of Object.values(observed)) {
      const settled = member.keyState === 'Enabled' || member.keyState === 'Disabled';
      if (member === primary || !settled || member.currentKeyMaterialId === undefined) continue;
      if (member.currentKeyMaterialId !== material) {
        findings.push(
          finding(keySet, member.region, 'SharedPropertyDrift', {
            property: 'currentKeyMaterialId',
            expected: material,
            actual: member.currentKeyMaterialId,
            severity: 'low',
            remedy: 'None',
            message: `The key in ${member.region} has not received the primary's current key material yet`,
          }),
        );
      }
    }
  }
  return findings;
}
