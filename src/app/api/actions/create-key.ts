// POST /keys: guardrails, CreateKey (multi-Region) in the primary's Region, record the set, start provision-key.
import { auditEventId } from '../../../core/audit/audit-chain.js';
import { ConflictError, DependencyError, ForbiddenError, ValidationError } from '../../../core/errors.js';
import { parseKeyArn } from '../../../core/identifiers/kms-arn.js';
import { checkRegionSet } from '../../../core/identifiers/partitions.js';
import type { DesiredState, KeySet, RegionOverride } from '../../../core/model/key-set.js';
import { independentPropertiesFor, supportsAutomaticRotation } from '../../../core/model/key-set.js';
import { pendingOperation } from '../../../core/model/operation.js';
import { defaultKeyPolicy, type PolicyDocument, policyHash, policyText } from '../../../core/model/tags.js';
import type { KeyDescription } from '../../../core/ports/key-service.js';
import { canSeeTenant } from '../../auth/roles.js';
import type { ApiAnswer } from '../../http/api-types.js';
import type { RouteContext } from '../routes/route.js';
import type { CreateKeyBody } from '../schemas/key-request-schemas.js';
import { usagesFor } from '../schemas/key-request-schemas.js';
import { acceptedAnswer } from './accepted.js';
import { enforceGuardrails } from './guard.js';
import { recordExecution } from './record-execution.js';

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
  const created = await createOrResume(context, draft, operationId);
  const account = parseKeyArn(created.arn).account;
  const now = deps.clock.now().toISOString();
  const desired: DesiredState = {
    ...draft.desired,
    policy: (body.policy as PolicyDocument | undefined) ?? defaultKeyPolicy(partition, account),
  };
  const keySet = await storeKeySet(context, {
    ...draft,
    keyId: created.keyId,
    account,
    desired,
    members: {
      [body.primaryRegion]: {
        region: body.primaryRegion,
        arn: created.arn,
        role: 'PRIMARY',
        keyState: created.keyState,
        enabled: created.enabled,
        description: created.description,
        policyHash: policyHash(desired.policy),
        tags: independentPropertiesFor(desired, body.primaryRegion).tags,
        aliases: [],
        currentKeyMaterialId: created.currentKeyMaterialId,
        observedAt: now,
      },
    },
    activeOperationId: operationId,
    lockExpiresAt: new Date(deps.clock.now().getTime() + deps.settings.lockLeaseMs).toISOString(),
    createdAt: now,
    updatedAt: now,
  });
  const operation = await deps.operations.create(
    pendingOperation(
      {
        operationId,
        type: 'Provision',
        keySet,
        requestedBy: principal.sub,
        input: { regions: body.replicaRegions },
      },
      now,
    ),
  );
  await deps.audit.append({
    eventId: auditEventId(operationId, 'request'),
    keyId: keySet.keyId,
    writerRegion: deps.writerRegion,
    at: now,
    actor: principal.sub,
    action: 'CreateKey',
    region: body.primaryRegion,
    requestId: context.request.requestId,
    operationId,
    result: 'Succeeded',
    details: { tenant: body.tenant, regions, keySpec: keySet.keySpec },
  });
  const { executionArn } = await deps.workflows.start('provision-key', { operationId, keyId: keySet.keyId });
  await recordExecution(context, operationId, executionArn);
  return acceptedAnswer(context, { keySet, operation, executionArn });
}

/** The key set before KMS names it: everything the request decides. */
function draftKeySet(body: CreateKeyBody, partition: KeySet['partition'], regions: string[]) {
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
    policy: (body.policy ?? {}) as PolicyDocument,
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
    status: 'Active' as const,
    version: 1,
  };
}

/**
 * CreateKey once per idempotent request: the new key id is saved (durably) before anything else
 * can fail, so a retry describes that key instead of creating a second one.
 */
async function createOrResume(
  context: Context,
  draft: ReturnType<typeof draftKeySet>,
  operationId: string,
): Promise<KeyDescription> {
  const { deps, body } = context;
  const known = context.attempt.values.keyId;
  if (known !== undefined) {
    const existing = await deps.kms.describeKey(body.primaryRegion, known);
    if (existing !== undefined) return existing;
    throw new DependencyError(
      `Key ${known} created by an earlier attempt cannot be found in ${body.primaryRegion}`,
    );
  }
  const primary = independentPropertiesFor(draft.desired, body.primaryRegion);
  const created = await deps.kms.createKey(body.primaryRegion, {
    description: primary.description,
    ...(body.policy !== undefined && { policy: policyText(primary.policy) }),
    tags: primary.tags,
    keySpec: draft.keySpec,
    keyUsage: draft.keyUsage,
    origin: draft.origin,
  });
  await context.attempt.save({ keyId: created.keyId, operationId }, { durable: true });
  deps.telemetry.logger.info('Created the primary key', { keyId: created.keyId, region: body.primaryRegion });
  return created;
}

async function storeKeySet(context: Context, keySet: KeySet): Promise<KeySet> {
  try {
    return await context.deps.keySets.create(keySet);
  } catch (error) {
    // A retry after the set was stored: carry on with the stored set if it is this request's.
    if (!(error instanceof ConflictError)) throw error;
    const stored = await context.deps.keySets.get(keySet.keyId);
    if (stored === undefined || stored.activeOperationId !== keySet.activeOperationId) throw error;
    return stored;
  }
}
