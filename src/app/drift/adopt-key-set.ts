// Adoption: an MRK set made outside the control plane becomes a key set whose desired state is what
// every member has now (the primary's properties as the base, other members' differences as
// per-Region overrides), so adopting it changes nothing in KMS.
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import { parseKeyArn } from '../../core/identifiers/kms-arn.js';
import { checkRegionSet } from '../../core/identifiers/partitions.js';
import type {
  DesiredState,
  KeyOrigin,
  KeySet,
  KeySpec,
  KeyUsage,
  RegionOverride,
} from '../../core/model/key-set.js';
import { supportsAutomaticRotation } from '../../core/model/key-set.js';
import type { Member } from '../../core/model/member.js';
import { type PolicyDocument, policyHash, type Tags } from '../../core/model/tags.js';
import type { KeyDescription, KeyService } from '../../core/ports/key-service.js';

export interface AdoptionRequest {
  readonly keyId: string;
  /** Any Region holding a member of the set. */
  readonly region: string;
  readonly tenant: string;
}

interface ReadMember {
  readonly description: KeyDescription;
  readonly policy: PolicyDocument;
  readonly tags: Tags;
  readonly aliases: readonly string[];
  readonly rotation?: { readonly enabled: boolean; readonly periodInDays?: number | undefined } | undefined;
}

/**
 * The key set to store (status Active, version 1, no lock), read from every member in parallel.
 * NotFoundError when the Region has no such key; ValidationError for a single-Region key.
 */
export async function draftAdoptedKeySet(
  kms: KeyService,
  request: AdoptionRequest,
  now: Date,
): Promise<KeySet> {
  const found = await kms.describeKey(request.region, request.keyId);
  if (found === undefined) {
    throw new NotFoundError(`No key ${request.keyId} exists in ${request.region}`, {
      details: { keyId: request.keyId },
    });
  }
  if (!found.multiRegion) throw new ValidationError(`Key ${request.keyId} is not a multi-Region key`);
  const primaryRegion = found.role === 'PRIMARY' ? request.region : (found.primaryRegion ?? request.region);
  const primary =
    primaryRegion === request.region ? found : await kms.describeKey(primaryRegion, request.keyId);
  if (primary === undefined)
    throw new ConflictError(`The primary of ${request.keyId} in ${primaryRegion} cannot be read`);
  const regions = [
    primaryRegion,
    ...primary.replicaRegions.filter((region) => region !== primaryRegion).sort(),
  ];
  const partition = checkRegionSet(regions);
  const identity = { keySpec: primary.keySpec as KeySpec, origin: primary.origin as KeyOrigin };
  const read = await Promise.all(
    regions.map((region) =>
      readMember(
        kms,
        request.keyId,
        region,
        region === primaryRegion ? primary : undefined,
        supportsAutomaticRotation(identity),
      ),
    ),
  );
  const base = read[0] as ReadMember;
  const desired = desiredFrom(base, read);
  const members = Object.fromEntries(
    read.map((member) => [member.description.region, toMember(member, now)]),
  );
  return {
    keyId: request.keyId,
    ...identity,
    tenant: request.tenant,
    partition,
    account: parseKeyArn(primary.arn).account,
    keyUsage: primary.keyUsage as KeyUsage,
    primaryRegion,
    regions,
    desired,
    members,
    status: 'Active',
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

async function readMember(
  kms: KeyService,
  keyId: string,
  region: string,
  known: KeyDescription | undefined,
  rotates: boolean,
): Promise<ReadMember> {
  const description = known ?? (await kms.describeKey(region, keyId));
  if (description === undefined)
    throw new ConflictError(`The replica of ${keyId} in ${region} cannot be read`);
  const [policyText, tags, aliases, rotation] = await Promise.all([
    kms.getKeyPolicy(region, keyId),
    kms.listResourceTags(region, keyId),
    kms.listAliases(region, keyId),
    rotates && description.role === 'PRIMARY' && description.keyState === 'Enabled'
      ? kms.getKeyRotationStatus(region, keyId)
      : Promise.resolve(undefined),
  ]);
  let policy: PolicyDocument;
  try {
    policy = JSON.parse(policyText) as PolicyDocument;
  } catch (error) {
    throw new ConflictError(`The key policy of ${keyId} in ${region} is not JSON`, { cause: error });
  }
  return {
    description,
    policy,
    tags,
    aliases: aliases
      .filter((alias) => alias.targetKeyId === keyId || alias.targetKeyId === undefined)
      .map((alias) => alias.aliasName)
      .sort(),
    rotation,
  };
}

/** Base = the primary's values, except tags: only tags every member shares (overrides add, never drop, tags). */
function desiredFrom(primary: ReadMember, all: readonly ReadMember[]): DesiredState {
  const sharedTags = Object.fromEntries(
    Object.entries(primary.tags).filter(([key, value]) => all.every((member) => member.tags[key] === value)),
  );
  const regionOverrides: Record<string, RegionOverride> = {};
  for (const member of all) {
    const override: { -readonly [K in keyof RegionOverride]: RegionOverride[K] } = {};
    if (member.description.description !== primary.description.description)
      override.description = member.description.description;
    if (policyHash(member.policy) !== policyHash(primary.policy)) override.policy = member.policy;
    if (member.aliases.join() !== primary.aliases.join()) override.aliases = [...member.aliases];
    if (member.description.enabled !== primary.description.enabled)
      override.enabled = member.description.enabled;
    const extraTags = Object.fromEntries(Object.entries(member.tags).filter(([key]) => !(key in sharedTags)));
    if (Object.keys(extraTags).length > 0) override.tags = extraTags;
    if (Object.keys(override).length > 0) regionOverrides[member.description.region] = override;
  }
  const rotation = primary.rotation;
  return {
    description: primary.description.description,
    policy: primary.policy,
    tags: sharedTags,
    aliases: [...primary.aliases],
    enabled: primary.description.enabled,
    rotation: rotation?.enabled
      ? { enabled: true, ...(rotation.periodInDays !== undefined && { periodInDays: rotation.periodInDays }) }
      : { enabled: false },
    regionOverrides,
  };
}

function toMember(member: ReadMember, now: Date): Member {
  const { description } = member;
  return {
    region: description.region,
    arn: description.arn,
    role: description.role ?? 'PRIMARY',
    keyState: description.keyState,
    enabled: description.enabled,
    primaryRegion: description.primaryRegion,
    description: description.description,
    policyHash: policyHash(member.policy),
    tags: member.tags,
    aliases: [...member.aliases],
    ...(member.rotation !== undefined && {
      rotation: { enabled: member.rotation.enabled, periodInDays: member.rotation.periodInDays },
    }),
    ...(description.currentKeyMaterialId !== undefined && {
      currentKeyMaterialId: description.currentKeyMaterialId,
    }),
    observedAt: now.toISOString(),
  };
}
