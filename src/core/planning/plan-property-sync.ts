// planPropertySync: the exact KMS calls that make each Region's key match the desired state.
import type { DesiredState, IndependentProperties, RotationSettings } from '../model/key-set.js';
import { independentPropertiesFor } from '../model/key-set.js';
import type { KeyState, Member } from '../model/member.js';
import { policyText, type Tags } from '../model/tags.js';
import { diffIndependentProperties } from './diff-independent-properties.js';

/** One KMS call, named by its API operation, with the parameters the workflow passes on as they are. */
export type PropertySyncCall =
  | { readonly operation: 'PutKeyPolicy'; readonly policy: string }
  | { readonly operation: 'UpdateKeyDescription'; readonly description: string }
  | { readonly operation: 'UntagResource'; readonly tagKeys: readonly string[] }
  | { readonly operation: 'TagResource'; readonly tags: Tags }
  | { readonly operation: 'DeleteAlias'; readonly aliasName: string }
  | { readonly operation: 'UpdateAlias'; readonly aliasName: string; readonly previousTargetKeyId: string }
  | { readonly operation: 'CreateAlias'; readonly aliasName: string }
  | { readonly operation: 'EnableKeyRotation'; readonly rotationPeriodInDays: number }
  | { readonly operation: 'DisableKeyRotation' }
  | { readonly operation: 'EnableKey' }
  | { readonly operation: 'DisableKey' };

export interface DeferredChange {
  readonly property: string;
  readonly reason: string;
}

export interface RegionSyncPlan {
  readonly region: string;
  /** In the order to call them: policy first (later calls may depend on it), enabled state last. */
  readonly calls: readonly PropertySyncCall[];
  /** Changes that cannot be made in the key's current state; a later sync picks them up. */
  readonly deferred: readonly DeferredChange[];
}

const DEFAULT_ROTATION_PERIOD = 365;

// KMS key-state table (KMS-MRK-SPEC 6.1): property calls fail on keys pending deletion, and
// Enable/DisableKey also fail while Creating, Updating or PendingImport.
const TOGGLE_STATES: ReadonlySet<KeyState> = new Set(['Enabled', 'Disabled']);
const FROZEN_STATES: ReadonlySet<KeyState> = new Set([
  'PendingDeletion',
  'PendingReplicaDeletion',
  'Unavailable',
]);

/** Plans one Region. `observed.role` decides whether rotation (a shared property) is planned here. */
export function planRegionSync(
  desired: IndependentProperties,
  observed: Member,
  rotation?: RotationSettings,
): RegionSyncPlan {
  if (FROZEN_STATES.has(observed.keyState)) {
    return {
      region: observed.region,
      calls: [],
      deferred: [{ property: '*', reason: `the key is ${observed.keyState}; KMS refuses property changes` }],
    };
  }
  const diff = diffIndependentProperties(desired, observed);
  const calls: PropertySyncCall[] = [];
  const deferred: DeferredChange[] = [];
  if (diff.policyChanged) calls.push({ operation: 'PutKeyPolicy', policy: policyText(desired.policy) });
  if (diff.description !== undefined)
    calls.push({ operation: 'UpdateKeyDescription', description: diff.description });
  if (diff.tags.remove.length > 0) calls.push({ operation: 'UntagResource', tagKeys: diff.tags.remove });
  if (Object.keys(diff.tags.set).length > 0) calls.push({ operation: 'TagResource', tags: diff.tags.set });
  for (const aliasName of diff.aliases.remove) calls.push({ operation: 'DeleteAlias', aliasName });
  for (const { aliasName, currentTargetKeyId } of diff.aliases.retarget) {
    calls.push({ operation: 'UpdateAlias', aliasName, previousTargetKeyId: currentTargetKeyId });
  }
  for (const aliasName of diff.aliases.create) calls.push({ operation: 'CreateAlias', aliasName });
  if (rotation !== undefined && observed.role === 'PRIMARY') calls.push(...planRotation(rotation, observed));
  if (diff.enabled !== undefined) {
    if (TOGGLE_STATES.has(observed.keyState))
      calls.push({ operation: diff.enabled ? 'EnableKey' : 'DisableKey' });
    else
      deferred.push({
        property: 'enabled',
        reason: `the key is ${observed.keyState}; KMS refuses EnableKey/DisableKey`,
      });
  }
  return { region: observed.region, calls, deferred };
}

/** Rotation is shared: only the primary takes the calls, and only keys that rotate at all report it. */
function planRotation(desired: RotationSettings, observed: Member): PropertySyncCall[] {
  if (observed.rotation === undefined) return [];
  if (!desired.enabled) return observed.rotation.enabled ? [{ operation: 'DisableKeyRotation' }] : [];
  const period = desired.periodInDays ?? DEFAULT_ROTATION_PERIOD;
  const same =
    observed.rotation.enabled && (observed.rotation.periodInDays ?? DEFAULT_ROTATION_PERIOD) === period;
  return same ? [] : [{ operation: 'EnableKeyRotation', rotationPeriodInDays: period }];
}

/**
 * Plans every observed Region of a key set, or only `regions` when given (pass the key set's
 * Regions so an unmanaged replica is not touched). Regions with no observed key are replication's
 * job, not sync's. Plans come in Region order; a Region in sync has an empty `calls` list.
 */
export function planPropertySync(
  desired: DesiredState,
  observed: Readonly<Record<string, Member>>,
  regions?: readonly string[],
): readonly RegionSyncPlan[] {
  const wanted = regions === undefined ? undefined : new Set(regions);
  return Object.keys(observed)
    .filter((region) => wanted === undefined || wanted.has(region))
    .sort()
    .map((region) =>
      planRegionSync(independentPropertiesFor(desired, region), observed[region]!, desired.rotation),
    );
}
