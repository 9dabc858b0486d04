// POST /keys/adopt: bring an existing MRK set under management; the primary's properties become desired.
import { auditEventId } from '../../../core/audit/audit-chain.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../core/errors.js';
import { guardrailRequestFor } from '../../../core/guardrails/guardrail-request-for.js';
import { parseKeyArn } from '../../../core/identifiers/kms-arn.js';
import { checkRegionSet } from '../../../core/identifiers/partitions.js';
import type { DesiredState, KeyOrigin, KeySet, KeySpec, KeyUsage } from '../../../core/model/key-set.js';
import type { PolicyDocument } from '../../../core/model/tags.js';
import { canSeeTenant } from '../../auth/roles.js';
import type { ApiAnswer } from '../../http/api-types.js';
import { observeMember } from '../../tasks/observe-member.js';
import type { RouteContext } from '../routes/route.js';
import { etagOf, keyView } from '../views/key-view.js';
import { operationView } from '../views/operation-view.js';
import { enforceGuardrails } from './guard.js';
import { recordExecution } from './record-execution.js';

type Context = RouteContext<undefined, undefined, { keyId: string; region: string; tenant: string }>;

export async function adoptKey(context: Context): Promise<ApiAnswer> {
  const { deps, body, principal } = context;
  if (!canSeeTenant(principal, 'keys:write', body.tenant)) {
    await context.deny(
      `tenant ${body.tenant} is outside the caller's tenants`,
      new ForbiddenError(`You may not manage keys of tenant ${body.tenant}`, {
        details: { rule: 'tenantAccess' },
      }),
    );
  }
  const operationId = context.attempt.values.operationId ?? deps.ids.newId('op');
  const existing = await deps.keySets.get(body.keyId);
  if (existing !== undefined && existing.activeOperationId !== operationId) {
    throw new ConflictError(`Key ${body.keyId} is already managed`, { details: { keyId: body.keyId } });
  }
  const keySet = existing ?? (await draftFromKms(context, operationId));
  if (existing === undefined) {
    await enforceGuardrails(context, guardrailRequestFor(keySet, 'Adopt'), keySet.keyId);
    await context.attempt.save({ operationId });
    await deps.keySets.create(keySet);
  }
  const now = deps.clock.now().toISOString();
  const operation = await deps.operations.create({
    operationId,
    type: 'Adopt',
    keyId: keySet.keyId,
    tenant: keySet.tenant,
    requestedBy: principal.sub,
    status: 'Pending',
    regions: {},
    input: { regions: [...keySet.regions] },
    createdAt: now,
    updatedAt: now,
  });
  await deps.audit.append({
    eventId: auditEventId(operationId, 'request'),
    keyId: keySet.keyId,
    writerRegion: deps.writerRegion,
    at: now,
    actor: principal.sub,
    action: 'AdoptRequested',
    requestId: context.request.requestId,
    operationId,
    result: 'Started',
    details: { tenant: keySet.tenant, regions: [...keySet.regions] },
  });
  // sync-properties observes every member and makes the replicas match the adopted primary.
  const { executionArn } = await deps.workflows.start('sync-properties', {
    operationId,
    keyId: keySet.keyId,
  });
  await recordExecution(context, operationId, executionArn);
  return {
    status: 202,
    body: { key: keyView(keySet, deps.clock.now()), operation: operationView(operation, executionArn) },
    headers: { location: `/operations/${operationId}`, etag: etagOf(keySet) },
  };
}

async function draftFromKms(context: Context, operationId: string): Promise<KeySet> {
  const { deps, body } = context;
  const found = await deps.kms.describeKey(body.region, body.keyId);
  if (found === undefined) {
    throw new NotFoundError(`No key ${body.keyId} exists in ${body.region}`, {
      details: { keyId: body.keyId },
    });
  }
  if (!found.multiRegion) throw new ValidationError(`Key ${body.keyId} is not a multi-Region key`);
  const primaryRegion = found.role === 'PRIMARY' ? body.region : (found.primaryRegion ?? body.region);
  const primary =
    primaryRegion === body.region ? found : await deps.kms.describeKey(primaryRegion, body.keyId);
  if (primary === undefined)
    throw new ConflictError(`The primary of ${body.keyId} in ${primaryRegion} cannot be read`);
  const regions = [primaryRegion, ...primary.replicaRegions.filter((region) => region !== primaryRegion)];
  const partition = checkRegionSet(regions);
  const identity = {
    keyId: body.keyId,
    keySpec: primary.keySpec as KeySpec,
    origin: primary.origin as KeyOrigin,
  };
  const now = deps.clock.now();
  const placeholder: DesiredState = {
    description: '',
    policy: {},
    tags: {},
    aliases: [],
    enabled: true,
    rotation: { enabled: false },
    regionOverrides: {},
  };
  const member = await observeMember(
    deps.kms,
    { ...identity, desired: placeholder },
    primaryRegion,
    now,
    primary,
  );
  if (member === undefined) throw new ConflictError(`The primary of ${body.keyId} cannot be read`);
  const policy = JSON.parse(await deps.kms.getKeyPolicy(primaryRegion, body.keyId)) as PolicyDocument;
  return {
    ...identity,
    tenant: body.tenant,
    partition,
    account: parseKeyArn(primary.arn).account,
    keyUsage: primary.keyUsage as KeyUsage,
    primaryRegion,
    regions,
    desired: {
      description: member.description,
      policy,
      tags: member.tags,
      aliases: [...member.aliases],
      enabled: member.enabled,
      rotation: member.rotation
        ? {
            enabled: member.rotation.enabled,
            ...(member.rotation.periodInDays !== undefined && { periodInDays: member.rotation.periodInDays }),
          }
        : { enabled: false },
      regionOverrides: {},
    },
    members: { [primaryRegion]: member },
    status: 'Active',
    version: 1,
    activeOperationId: operationId,
    lockExpiresAt: new Date(now.getTime() + deps.settings.lockLeaseMs).toISOString(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}
