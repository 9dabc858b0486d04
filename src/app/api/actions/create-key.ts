// POST /keys: tenant and guardrails, then the intent-first create of src/app/keys/create-key-set.ts.
import { ForbiddenError, ValidationError } from '../../../core/errors.js';
import { checkRegionSet, type PartitionName } from '../../../core/identifiers/partitions.js';
import type { KeySetDraft } from '../../../core/model/creation-intent.js';
import type { DesiredState, RegionOverride } from '../../../core/model/key-set.js';
import { independentPropertiesFor, supportsAutomaticRotation } from '../../../core/model/key-set.js';
import type { PolicyDocument } from '../../../core/model/tags.js';
import { canSeeTenant } from '../../auth/roles.js';
import type { ApiAnswer } from '../../http/api-types.js';
import { createKeySet } from '../../keys/create-key-set.js';
import type { RouteContext } from '../routes/route.js';
import type { CreateKeyBody } from '../schemas/key-request-schemas.js';
import { usagesFor } from '../schemas/key-request-schemas.js';
import { acceptedAnswer } from './accepted.js';
import { enforceGuardrails } from './guard.js';
import { createDepsOf } from './launch-deps.js';

type Context = RouteContext<undefined, undefined, CreateKeyBody>;

export async function createKey(context: Context): Promise<ApiAnswer> {
  const { deps, body, principal } = context;
  if (!canSeeTenant(principal, 'keys:write', body.tenant)) {
    await context.deny(
      `tenant ${body.tenant} is outside the caller's tenants`,
      new ForbiddenError(`You may not manage keys of tenant ${body.tenant}`, {
        details: { rule: 'tenantAccess' },
      }),
    );
  }
  const regions = [body.primaryRegion, ...body.replicaRegions];
  const partition = checkRegionSet(regions);
  const draft = draftKeySet(body, partition, regions);
  await enforceGuardrails(context, {
    action: 'CreateKey',
    tenant: body.tenant,
    primaryRegion: body.primaryRegion,
    regions,
    keySpec: draft.keySpec,
    origin: draft.origin,
    tagsByRegion: Object.fromEntries(
      regions.map((region) => [region, independentPropertiesFor(draft.desired, region).tags]),
    ),
    rotation: draft.desired.rotation,
  });
  const operationId = context.attempt.values.operationId ?? deps.ids.newId('op');
  // Durable before anything reaches KMS: a retry resumes this operation's intent, never starts another.
  await context.attempt.save({ operationId }, { durable: true });
  const created = await createKeySet(createDepsOf(deps), {
    operationId,
    requestedBy: principal.sub,
    requestId: context.request.requestId,
    draft,
    createdAt: deps.clock.now().toISOString(),
  });
  return acceptedAnswer(context, created);
}

/** The key set before KMS names it: everything the request decides. */
function draftKeySet(body: CreateKeyBody, partition: PartitionName, regions: string[]): KeySetDraft {
  const base = { keySpec: body.keySpec, origin: body.origin } as const;
  const rotatable = supportsAutomaticRotation(base);
  const rotation = body.rotation ?? (rotatable ? { enabled: true, periodInDays: 365 } : { enabled: false });
  if (rotation.enabled && !rotatable) {
    throw new ValidationError(
      `${body.keySpec} keys with origin ${body.origin} do not support automatic rotation`,
      {
        details: { field: 'rotation' },
      },
    );
  }
  const desired: DesiredState = {
    description: body.description,
    policy: (body.policy ?? {}) as PolicyDocument, // replaced by the account's default when absent
    tags: body.tags,
    aliases: body.aliases,
    enabled: body.enabled,
    rotation,
    regionOverrides: body.regionOverrides as Record<string, RegionOverride>,
  };
  return {
    tenant: body.tenant,
    partition,
    keySpec: body.keySpec,
    keyUsage: body.keyUsage ?? usagesFor(body.keySpec)[0]!,
    origin: body.origin,
    primaryRegion: body.primaryRegion,
    regions,
    desired,
    defaultPolicy: body.policy === undefined,
  };
}
