// The key view callers see: identity, desired state, each Region as last observed, lock and drift.
import { isLocked, type KeySet } from '../../../core/model/key-set.js';
import type { Member } from '../../../core/model/member.js';
import type { DriftView, KeyView } from '../schemas/view-schemas.js';

export function keyView(
  keySet: KeySet,
  now: Date,
  members: Readonly<Record<string, Member>> = keySet.members,
): KeyView {
  const { desired } = keySet;
  return {
    keyId: keySet.keyId,
    tenant: keySet.tenant,
    partition: keySet.partition,
    account: keySet.account,
    primaryRegion: keySet.primaryRegion,
    status: keySet.status,
    version: keySet.version,
    keySpec: keySet.keySpec,
    keyUsage: keySet.keyUsage,
    origin: keySet.origin,
    desired: {
      regions: [...keySet.regions],
      description: desired.description,
      policy: desired.policy,
      tags: desired.tags,
      aliases: [...desired.aliases],
      enabled: desired.enabled,
      rotation: desired.rotation,
      regionOverrides: desired.regionOverrides as Record<string, Record<string, unknown>>,
    },
    regions: Object.fromEntries(Object.values(members).map((member) => [member.region, memberView(member)])),
    ...(isLocked(keySet, now) &&
      keySet.activeOperationId !== undefined && { activeOperationId: keySet.activeOperationId }),
    ...(keySet.drift !== undefined && {
      drift: {
        status: keySet.drift.status,
        findings: [...keySet.drift.findings],
        scannedAt: keySet.drift.scannedAt,
        live: false,
      } as DriftView,
    }),
    createdAt: keySet.createdAt,
    updatedAt: keySet.updatedAt,
  };
}

function memberView(member: Member): KeyView['regions'][string] {
  return {
    arn: member.arn,
    role: member.role,
    keyState: member.keyState,
    enabled: member.enabled,
    description: member.description,
    tags: member.tags,
    aliases: [...member.aliases],
    ...(member.currentKeyMaterialId !== undefined && { currentKeyMaterialId: member.currentKeyMaterialId }),
    ...(member.deletionDate !== undefined && { deletionDate: member.deletionDate }),
    observedAt: member.observedAt,
  };
}

/** The entity tag of a key set: its version, which If-Match must repeat. */
export function etagOf(keySet: Pick<KeySet, 'version'>): string {
  return `"${keySet.version}"`;
}
