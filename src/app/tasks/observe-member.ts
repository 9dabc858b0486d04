// What KMS shows for one Region's key, read in full (metadata, policy, tags, aliases, rotation) as a Member.
import type { KeySet } from '../../core/model/key-set.js';
import { independentPropertiesFor } from '../../core/model/key-set.js';
import type { Member } from '../../core/model/member.js';
import type { KeyDescription, KeyService } from '../../core/ports/key-service.js';
import { memberFromReads, readsRotationStatus } from './member-from-reads.js';
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
  const readsRotation = readsRotationStatus(keySet, description);
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
  return memberFromReads(description, { policy, tags, aliases: own, aliasTargets, rotation }, now);
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
