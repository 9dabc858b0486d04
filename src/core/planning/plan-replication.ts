// planReplication: per target Region, replicate, adopt what already exists, or skip and say why.
import { ConflictError, ValidationError } from '../errors.js';
import { checkRegionSet } from '../identifiers/partitions.js';
import type { KeySet } from '../model/key-set.js';
import type { KeyState, Member } from '../model/member.js';
import { isPendingDeletion } from '../model/member.js';

export type SkipReason = 'IsPrimary' | 'PendingDeletion';

export type ReplicationStep =
  | { readonly region: string; readonly action: 'Replicate' }
  | {
      readonly region: string;
      readonly action: 'Adopt';
      /** Creating: the replica is still being made, wait for it; Exists: it is ready, take it over. */
      readonly reason: 'Creating' | 'Exists';
      readonly keyState: KeyState;
    }
  | {
      readonly region: string;
      readonly action: 'Skip';
      readonly reason: SkipReason;
      readonly message: string;
    };

export interface ReplicationPlan {
  /** The Region whose KMS endpoint must receive ReplicateKey (the observed primary when known). */
  readonly primaryRegion: string;
  readonly steps: readonly ReplicationStep[];
}

// ReplicateKey fails on a primary in these states (KMS-MRK-SPEC 3.2); Creating/Updating are
// transient, the rest need a person (or another operation) first.
const PRIMARY_BLOCKING_STATES: ReadonlySet<KeyState> = new Set([
  'Disabled',
  'PendingDeletion',
  'PendingReplicaDeletion',
  'PendingImport',
  'Creating',
  'Updating',
  'Unavailable',
]);

/**
 * Plans adding `regions` to a key set, given what KMS shows per Region (`observed`, keyed by Region;
 * a missing entry means no related key there). A retry after a timeout finds the replica made by
 * the first attempt and adopts it instead of meeting AlreadyExistsException.
 * Throws ValidationError for Regions outside the set's partition or without MRK support, and
 * ConflictError when the primary is in a state where KMS refuses ReplicateKey.
 */
export function planReplication(
  keySet: Pick<KeySet, 'keyId' | 'partition' | 'primaryRegion'>,
  regions: readonly string[],
  observed: Readonly<Record<string, Member | undefined>>,
): ReplicationPlan {
  const wanted = [...new Set(regions)].sort();
  const partition = checkRegionSet([
    keySet.primaryRegion,
    ...wanted.filter((region) => region !== keySet.primaryRegion),
  ]);
  if (partition !== keySet.partition) {
    throw new ValidationError(
      `The Regions are in partition ${partition}, the key set is in ${keySet.partition}`,
      {
        details: { partition, expectedPartition: keySet.partition },
      },
    );
  }
  const observedPrimary = Object.values(observed).find((member) => member?.role === 'PRIMARY');
  const primaryRegion = observedPrimary?.region ?? keySet.primaryRegion;
  if (observedPrimary !== undefined && PRIMARY_BLOCKING_STATES.has(observedPrimary.keyState)) {
    throw new ConflictError(
      `The primary key in ${primaryRegion} is ${observedPrimary.keyState}; KMS cannot replicate it in that state`,
      { details: { keyId: keySet.keyId, region: primaryRegion, keyState: observedPrimary.keyState } },
    );
  }
  const steps = wanted.map((region) => stepFor(region, primaryRegion, observed[region]));
  return { primaryRegion, steps };
}

function stepFor(region: string, primaryRegion: string, member: Member | undefined): ReplicationStep {
  if (region === primaryRegion || member?.role === 'PRIMARY') {
    return {
      region,
      action: 'Skip',
      reason: 'IsPrimary',
      message: `${region} holds the primary key; it needs no replica`,
    };
  }
  if (member === undefined) return { region, action: 'Replicate' };
  if (isPendingDeletion(member)) {
    const until = member.deletionDate === undefined ? '' : ` until ${member.deletionDate}`;
    return {
      region,
      action: 'Skip',
      reason: 'PendingDeletion',
      message:
        `The replica in ${region} is ${member.keyState}${until}; KMS refuses a new replica there ` +
        '(AlreadyExistsException). Cancel its deletion to adopt it, or add the Region after it is deleted.',
    };
  }
  if (member.keyState === 'Creating')
    return { region, action: 'Adopt', reason: 'Creating', keyState: member.keyState };
  return { region, action: 'Adopt', reason: 'Exists', keyState: member.keyState };
}
