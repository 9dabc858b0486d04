// The differences between one Region's desired independent properties and what KMS shows there.
import type { JsonValue } from '../json/canonical-json.js';
import type { IndependentProperties } from '../model/key-set.js';
import type { Member } from '../model/member.js';
import { policyHash, type Tags } from '../model/tags.js';

export type IndependentProperty = 'description' | 'policy' | 'tags' | 'aliases' | 'enabled';

export interface TagDiff {
  /** Tags to add or whose value to change. */
  readonly set: Tags;
  /** Tag keys present in KMS but not desired. */
  readonly remove: readonly string[];
}

export interface AliasDiff {
  readonly create: readonly string[];
  /** Desired aliases that exist in the Region but point at another key: name and current target. */
  readonly retarget: readonly { readonly aliasName: string; readonly currentTargetKeyId: string }[];
  /** Aliases that point at this key but are not desired. */
  readonly remove: readonly string[];
}

export interface PropertyDifference {
  readonly property: IndependentProperty;
  readonly expected: JsonValue;
  readonly actual: JsonValue;
}

export interface IndependentDiff {
  readonly differences: readonly PropertyDifference[];
  readonly description?: string | undefined;
  readonly policyChanged: boolean;
  readonly tags: TagDiff;
  readonly aliases: AliasDiff;
  /** The enabled state to set, when it differs. */
  readonly enabled?: boolean | undefined;
}

type ObservedIndependent = Pick<
  Member,
  'description' | 'policyHash' | 'tags' | 'aliases' | 'aliasTargets' | 'enabled'
>;

export function diffIndependentProperties(
  desired: IndependentProperties,
  observed: ObservedIndependent,
): IndependentDiff {
  const differences: PropertyDifference[] = [];
  const description = desired.description !== observed.description ? desired.description : undefined;
  if (description !== undefined) {
    differences.push({
      property: 'description',
      expected: desired.description,
      actual: observed.description,
    });
  }
  const desiredPolicyHash = policyHash(desired.policy);
  const policyChanged = desiredPolicyHash !== observed.policyHash;
  if (policyChanged) {
    differences.push({ property: 'policy', expected: desiredPolicyHash, actual: observed.policyHash });
  }
  const tags = diffTags(desired.tags, observed.tags);
  if (Object.keys(tags.set).length > 0 || tags.remove.length > 0) {
    differences.push({ property: 'tags', expected: { ...desired.tags }, actual: { ...observed.tags } });
  }
  const aliases = diffAliases(desired.aliases, observed);
  if (aliases.create.length + aliases.retarget.length + aliases.remove.length > 0) {
    differences.push({
      property: 'aliases',
      expected: sorted(desired.aliases),
      actual: sorted(observed.aliases),
    });
  }
  const enabled = desired.enabled !== observed.enabled ? desired.enabled : undefined;
  if (enabled !== undefined)
    differences.push({ property: 'enabled', expected: desired.enabled, actual: observed.enabled });
  return { differences, description, policyChanged, tags, aliases, enabled };
}

function diffTags(desired: Tags, observed: Tags): TagDiff {
  const set = Object.fromEntries(Object.entries(desired).filter(([key, value]) => observed[key] !== value));
  const remove = Object.keys(observed)
    .filter((key) => !Object.hasOwn(desired, key))
    .sort();
  return { set, remove };
}

function diffAliases(desired: readonly string[], observed: ObservedIndependent): AliasDiff {
  const own = new Set(observed.aliases);
  const wanted = new Set(desired);
  const create: string[] = [];
  const retarget: { aliasName: string; currentTargetKeyId: string }[] = [];
  for (const aliasName of sorted(desired)) {
    if (own.has(aliasName)) continue;
    const currentTargetKeyId = observed.aliasTargets?.[aliasName];
    if (currentTargetKeyId === undefined) create.push(aliasName);
    else retarget.push({ aliasName, currentTargetKeyId });
  }
  const remove = sorted(observed.aliases).filter((aliasName) => !wanted.has(aliasName));
  return { create, retarget, remove };
}

function sorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
