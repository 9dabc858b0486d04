// The Member one Region's key makes of its reads (DescribeKey, policy, tags, aliases, rotation): shared by
// the workflows' observeMember and drift's observeKeySet, which read the same things in different ways.

import { withoutReservedTags } from '../../core/model/control-plane-tags.js';
import type { KeySet } from '../../core/model/key-set.js';
import { supportsAutomaticRotation } from '../../core/model/key-set.js';
import type { Member } from '../../core/model/member.js';
import { isPendingDeletion } from '../../core/model/member.js';
import type { Tags } from '../../core/model/tags.js';
import { policyHash } from '../../core/model/tags.js';
import type { KeyDescription, RotationStatus } from '../../core/ports/key-service.js';

export interface MemberReads {
  /** The key policy as GetKeyPolicy returned it. */
  readonly policy: string;
  readonly tags: Tags;
  /** Alias names in the Region that point at the key (any order). */
  readonly aliases: readonly string[];
  /** Desired alias names held by another key, and that key's id. */
  readonly aliasTargets: Readonly<Record<string, string>>;
  readonly rotation: RotationStatus | undefined;
}

/**
 * Rotation is shared and set on the primary; KMS refuses the status read on pending keys and on keys
 * that do not rotate (KMS-MRK-SPEC 6.1 note 7, 8).
 */
export function readsRotationStatus(
  keySet: Pick<KeySet, 'keySpec' | 'origin'>,
  description: KeyDescription,
): boolean {
  return (
    description.role === 'PRIMARY' &&
    supportsAutomaticRotation(keySet) &&
    !isPendingDeletion(description) &&
    description.keyState !== 'PendingImport'
  );
}

export function memberFromReads(description: KeyDescription, reads: MemberReads, now: Date): Member {
  const { rotation, aliasTargets } = reads;
  return {
    ...describedMember(description, now.toISOString()),
    policyHash: policyHash(reads.policy),
    // The control plane's own marks (the creating operation's id) are not the owner's tags: never drift.
    tags: withoutReservedTags(reads.tags),
    aliases: [...reads.aliases].sort(),
    ...(Object.keys(aliasTargets).length > 0 && { aliasTargets }),
    ...(rotation !== undefined && {
      rotation: { enabled: rotation.enabled, periodInDays: rotation.periodInDays },
    }),
  };
}

/** What DescribeKey alone tells of a member: no policy, tags or aliases (planning needs no more). */
export function describedMember(description: KeyDescription, observedAt: string): Member {
  return {
    region: description.region,
    arn: description.arn,
    role: description.role ?? 'PRIMARY',
    keyState: description.keyState,
    enabled: description.enabled,
    primaryRegion: description.primaryRegion,
    description: description.description,
    policyHash: '',
    tags: {},
    aliases: [],
    ...(description.currentKeyMaterialId !== undefined && {
      currentKeyMaterialId: description.currentKeyMaterialId,
    }),
    ...(description.deletionDate !== undefined && { deletionDate: description.deletionDate }),
    ...(description.pendingDeletionWindowInDays !== undefined && {
      pendingDeletionWindowInDays: description.pendingDeletionWindowInDays,
    }),
    observedAt,
  };
}
