// Reads one key set's members in every Region that holds (or should hold) a key of it, using the
// Region indexes for aliases and presence: DescribeKey, GetKeyPolicy, ListResourceTags, and
// GetKeyRotationStatus on the primary only. Same Member shape as the workflows' observeMember.
import type { KeySet } from '../../core/model/key-set.js';
import { independentPropertiesFor } from '../../core/model/key-set.js';
import type { Member } from '../../core/model/member.js';
import type { KeyDescription, KeyService } from '../../core/ports/key-service.js';
import { KmsThrottledError, KmsUnavailableError } from '../../core/workflows/kms-errors.js';
import { memberFromReads, readsRotationStatus } from '../tasks/member-from-reads.js';
import type { RegionIndex, RegionIndexes } from './region-index.js';

export type ObservedKeySet =
  | { readonly complete: true; readonly members: Readonly<Record<string, Member>> }
  | { readonly complete: false; readonly unreachable: readonly string[] };

type Observed = Pick<KeySet, 'keyId' | 'desired' | 'keySpec' | 'origin' | 'regions' | 'members'>;

/**
 * Incomplete when any Region that may hold a member could not be read: judging a set on part of
 * its members would report a missing replica that is only unreachable.
 */
export async function observeKeySet(
  kms: KeyService,
  keySet: Observed,
  regions: RegionIndexes,
  now: Date,
): Promise<ObservedKeySet> {
  const candidates = new Set([...keySet.regions, ...Object.keys(keySet.members)]);
  for (const [region, index] of regions.indexes) if (index.keyIds.has(keySet.keyId)) candidates.add(region);
  const asked = [...candidates].filter((region) => {
    const index = regions.indexes.get(region);
    // A Region listed without the key holds none of it: no DescribeKey needed to know that.
    return index === undefined || index.keyIds.has(keySet.keyId);
  });
  const unreachable: string[] = [];
  const found = new Map<string, KeyDescription>();
  const describe = async (region: string) => {
    try {
      const description = await kms.describeKey(region, keySet.keyId);
      if (description !== undefined) found.set(region, description);
    } catch (error) {
      if (!isTransient(error)) throw error;
      unreachable.push(region);
    }
  };
  await Promise.all(asked.map(describe));
  // The primary names every replica, also in Regions outside the allowed list (never indexed).
  const primary = [...found.values()].find((description) => description.role === 'PRIMARY');
  const more = (primary?.replicaRegions ?? []).filter(
    (region) => !found.has(region) && !asked.includes(region),
  );
  await Promise.all(more.map(describe));
  if (unreachable.length > 0) return { complete: false, unreachable };
  const members: Record<string, Member> = {};
  try {
    await Promise.all(
      [...found.values()].map(async (description) => {
        members[description.region] = await readMember(
          kms,
          keySet,
          description,
          regions.indexes.get(description.region),
          now,
        );
      }),
    );
  } catch (error) {
    if (!isTransient(error)) throw error;
    return {
      complete: false,
      unreachable: [(error as { details?: { region?: string } }).details?.region ?? 'unknown'],
    };
  }
  return { complete: true, members };
}

async function readMember(
  kms: KeyService,
  keySet: Observed,
  description: KeyDescription,
  index: RegionIndex | undefined,
  now: Date,
): Promise<Member> {
  const { region } = description;
  const keyId = keySet.keyId;
  const readsRotation = readsRotationStatus(keySet, description);
  const [policy, tags, rotation, aliasIndex] = await Promise.all([
    kms.getKeyPolicy(region, keyId),
    kms.listResourceTags(region, keyId),
    readsRotation ? kms.getKeyRotationStatus(region, keyId) : Promise.resolve(undefined),
    index === undefined ? aliasIndexOf(kms, region) : Promise.resolve(index),
  ]);
  const aliasTargets: Record<string, string> = {};
  for (const alias of independentPropertiesFor(keySet.desired, region).aliases) {
    const target = aliasIndex.aliasTargets.get(alias);
    if (target !== undefined && target !== keyId) aliasTargets[alias] = target;
  }
  return memberFromReads(
    description,
    { policy, tags, aliases: aliasIndex.aliasesByKey.get(keyId) ?? [], aliasTargets, rotation },
    now,
  );
}

/** A Region outside the indexed ones (a replica outside the allowed list): list its aliases now. */
async function aliasIndexOf(
  kms: KeyService,
  region: string,
): Promise<Pick<RegionIndex, 'aliasesByKey' | 'aliasTargets'>> {
  const aliasesByKey = new Map<string, string[]>();
  const aliasTargets = new Map<string, string>();
  for (const alias of await kms.listAliases(region)) {
    if (alias.targetKeyId === undefined) continue;
    aliasTargets.set(alias.aliasName, alias.targetKeyId);
    aliasesByKey.set(alias.targetKeyId, [...(aliasesByKey.get(alias.targetKeyId) ?? []), alias.aliasName]);
  }
  return { aliasesByKey, aliasTargets };
}

function isTransient(error: unknown): boolean {
  return error instanceof KmsThrottledError || error instanceof KmsUnavailableError;
}
