// What KMS shows for one Region's key, read in full (metadata, policy, tags, aliases, rotation) as a Member.
import type { KeySet } from '../../core/model/key-set.js';
import { independentPropertiesFor, supportsAutomaticRotation } from '../../core/model/key-set.js';
import type { Member } from '../../core/model/member.js';
import { isPendingDeletion } from '../../core/model/member.js';
import { policyHash } from '../../core/model/tags.js';
import type { KeyDescription, KeyService } from '../../core/ports/key-service.js';
import type { TaskDeps } from './task-deps.js';

/** Undefined when the Region holds no key of the set. The five reads run in parallel. */
export async function observeMember(
  kms: KeyService,
  keySet: Pick<KeySet, 'keyId' | 'desired' | 'keySpec' | 'origin'>,
  region: string,
  now: Date,
  known?: KeyDescription,
): Promise<Member | undefined> {
  const description = known ?? (await kms.describeKey(region, keySet.keyId));
  if (description === undefined) return undefined;
  const keyId = keySet.keyId;
  // Rotation is shared and set on the primary; KMS refuses the status read on pending keys and
  // on keys that do not rotate (KMS-MRK-SPEC 6.1 note 7, 8).
  const readsRotation =
    description.role === 'PRIMARY' &&
    supportsAutomaticRotation(keySet) &&
    !isPendingDeletion(description) &&
    description.keyState !== 'PendingImport';
  const [policy, tags, aliases, rotation] = await Promise.all([
    kms.getKeyPolicy(region, keyId),
    kms.listResourceTags(region, keyId),
    kms.listAliases(region),
    readsRotation ? kms.getKeyRotationStatus(region, keyId) : Promise.resolve(undefined),
  ]);
  const wanted = new Set(independentPropertiesFor(keySet.desired, region).aliases);
  const own = aliases.filter((alias) => alias.targetKeyId === keyId).map((alias) => alias.aliasName);
  // Desired names held by another key: the planner needs them to tell "create" from "retarget".
  const aliasTargets = Object.fromEntries(
    aliases
      .filter(
        (alias) =>
          wanted.has(alias.aliasName) && alias.targetKeyId !== undefined && alias.targetKeyId !== keyId,
      )
      .map((alias) => [alias.aliasName, alias.targetKeyId as string]),
  );
  return {
    region,
    arn: description.arn,
    role: description.role ?? 'PRIMARY',
    keyState: description.keyState,
    enabled: description.enabled,
    primaryRegion: description.primaryRegion,
    description: description.description,
    policyHash: policyHash(policy),
    tags,
    aliases: own.sort(),
    ...(Object.keys(aliasTargets).length > 0 && { aliasTargets }),
    ...(rotation !== undefined && {
      rotation: { enabled: rotation.enabled, periodInDays: rotation.periodInDays },
    }),
    ...(description.currentKeyMaterialId !== undefined && {
      currentKeyMaterialId: description.currentKeyMaterialId,
    }),
    ...(description.deletionDate !== undefined && { deletionDate: description.deletionDate }),
    ...(description.pendingDeletionWindowInDays !== undefined && {
      pendingDeletionWindowInDays: description.pendingDeletionWindowInDays,
    }),
    observedAt: now.toISOString(),
  };
}

/** Observes a Region and stores the result on the key set (a missing key removes the member). */
export async function refreshMember(
  deps: Pick<TaskDeps, 'kms' | 'keySets'>,
  keySet: Pick<KeySet, 'keyId' | 'desired' | 'keySpec' | 'origin'>,
  region: string,
  now: Date,
): Promise<Member | undefined> {
  const member = await observeMember(deps.kms, keySet, region, now);
  if (member === undefined) await deps.keySets.recordMembers(keySet.keyId, [], { removeRegions: [region] });
  else await deps.keySets.recordMembers(keySet.keyId, [member]);
  return member;
}
