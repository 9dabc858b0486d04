// Adoption: an MRK set made outside the control plane becomes a key set whose desired state is what
// every member has now (the primary's properties as the base, other members' differences as
// per-Region overrides), so adopting it changes nothing in KMS.
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import { parseKeyArn } from '../../core/identifiers/kms-arn.js';
import { checkRegionSet } from '../../core/identifiers/partitions.js';
import type { KeyOrigin, KeySet, KeySpec, KeyUsage, RegionOverride } from '../../core/model/key-set.js';
import type { Member } from '../../core/model/member.js';
import type { PolicyDocument } from '../../core/model/tags.js';
import type { KeyService } from '../../core/ports/key-service.js';
import { observeMember } from '../tasks/observe-member.js';

export interface AdoptionRequest {
  readonly keyId: string;
  /** Any Region holding a member of the set. */
  readonly region: string;
  readonly tenant: string;
  /**
   * `members` (default): every member's current properties are desired, differences as per-Region
   * overrides, so adopting changes nothing. `primary`: the primary's properties are desired everywhere,
   * so the sync that follows makes the replicas match it.
   */
  readonly desiredFrom?: 'members' | 'primary' | undefined;
}

const NOTHING_DESIRED = {
  description: '',
  policy: {},
  tags: {},
  aliases: [],
  enabled: true,
  rotation: { enabled: false },
  regionOverrides: {},
} as const;

/**
 * The key set to store (status Active, version 1, no lock), read from every member in parallel.
 * NotFoundError when the Region has no such key; ValidationError for a single-Region key.
 */
export async function draftAdoptedKeySet(
  kms: KeyService,
  request: AdoptionRequest,
  now: Date,
): Promise<KeySet> {
  const { keyId } = request;
  const found = await kms.describeKey(request.region, keyId);
  if (found === undefined)
    throw new NotFoundError(`No key ${keyId} exists in ${request.region}`, { details: { keyId } });
  if (!found.multiRegion) throw new ValidationError(`Key ${keyId} is not a multi-Region key`);
  const primaryRegion = found.role === 'PRIMARY' ? request.region : (found.primaryRegion ?? request.region);
  const primary = primaryRegion === request.region ? found : await kms.describeKey(primaryRegion, keyId);
  if (primary === undefined)
    throw new ConflictError(`The primary of ${keyId} in ${primaryRegion} cannot be read`);
  const regions = [
    primaryRegion,
    ...primary.replicaRegions.filter((region) => region !== primaryRegion).sort(),
  ];
  const identity = { keyId, keySpec: primary.keySpec as KeySpec, origin: primary.origin as KeyOrigin };
  const read = await Promise.all(
    regions.map((region) =>
      observeMember(
        kms,
        { ...identity, desired: NOTHING_DESIRED },
        region,
        now,
        region === primaryRegion ? primary : undefined,
      ),
    ),
  );
  const members = read.filter((member): member is Member => member !== undefined);
  const base = members[0];
  if (base === undefined || members.length !== regions.length) {
    throw new ConflictError(`A member of ${keyId} could not be read; retry`, { details: { keyId } });
  }
  // Policies are compared by hash; the documents are read where they are needed.
  const policies = new Map<string, PolicyDocument>();
  for (const member of members) {
    if (!policies.has(member.policyHash))
      policies.set(member.policyHash, await policyOf(kms, member.region, keyId));
  }
  const asIs = request.desiredFrom !== 'primary';
  const tags = Object.fromEntries(
    Object.entries(base.tags).filter(
      ([key, value]) => !asIs || members.every((member) => member.tags[key] === value),
    ),
  );
  const regionOverrides: Record<string, RegionOverride> = {};
  for (const member of asIs ? members : []) {
    // Own keys only: `key in tags` would find a tag named `constructor` on Object.prototype.
    const extraTags = Object.fromEntries(
      Object.entries(member.tags).filter(([key]) => !Object.hasOwn(tags, key)),
    );
    const override: RegionOverride = {
      ...(member.description !== base.description && { description: member.description }),
      ...(member.policyHash !== base.policyHash && { policy: policies.get(member.policyHash) }),
      ...(member.aliases.join() !== base.aliases.join() && { aliases: [...member.aliases] }),
      ...(member.enabled !== base.enabled && { enabled: member.enabled }),
      ...(Object.keys(extraTags).length > 0 && { tags: extraTags }),
    };
    if (Object.keys(override).length > 0) regionOverrides[member.region] = override;
  }
  const rotation = base.rotation;
  return {
    ...identity,
    tenant: request.tenant,
    partition: checkRegionSet(regions),
    account: parseKeyArn(primary.arn).account,
    keyUsage: primary.keyUsage as KeyUsage,
    primaryRegion,
    regions,
    desired: {
      description: base.description,
      policy: policies.get(base.policyHash) as PolicyDocument,
      tags,
      aliases: [...base.aliases],
      enabled: base.enabled,
      rotation: rotation?.enabled
        ? {
            enabled: true,
            ...(rotation.periodInDays !== undefined && { periodInDays: rotation.periodInDays }),
          }
        : { enabled: false },
      regionOverrides,
    },
    members: Object.fromEntries(members.map((member) => [member.region, member])),
    status: 'Active',
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

async function policyOf(kms: KeyService, region: string, keyId: string): Promise<PolicyDocument> {
  try {
    return JSON.parse(await kms.getKeyPolicy(region, keyId)) as PolicyDocument;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new ConflictError(`The key policy of ${keyId} in ${region} is not JSON`, { cause: error });
  }
}
