// POST /keys/adopt: bring an existing MRK set under management; every member's current properties become desired.
import { ConflictError, ForbiddenError, NotFoundError } from '../../../core/errors.js';
import { guardrailRequestFor } from '../../../core/guardrails/guardrail-request-for.js';
import type { KeySet } from '../../../core/model/key-set.js';
import { neverStarted, pendingOperation } from '../../../core/model/operation.js';
import { canSeeTenant } from '../../auth/roles.js';
import { draftAdoptedKeySet } from '../../drift/adopt-key-set.js';
import type { ApiAnswer } from '../../http/api-types.js';
import { launchOperation } from '../../operations/launch-operation.js';
import type { RouteContext } from '../routes/route.js';
import { acceptedAnswer } from './accepted.js';
import { enforceGuardrails } from './guard.js';
import { launchDepsOf } from './launch-deps.js';

type Context = RouteContext<
  undefined,
  undefined,
  { keyId: string; region: string; tenant: string; desiredFrom?: 'members' | 'primary' | undefined }
>;

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
  const relaunch = await isRelaunch(context, operationId, body.keyId);
  if (existing !== undefined && existing.activeOperationId !== operationId && !relaunch) {
    // Another tenant's key answers as every other cross-tenant access does: not found.
    if (!canSeeTenant(principal, 'keys:read', existing.tenant)) {
      await context.deny(
        `key belongs to tenant ${existing.tenant}, outside the caller's tenants`,
        new NotFoundError(`Key ${body.keyId} was not found`, { details: { keyId: body.keyId } }),
        body.keyId,
      );
    }
    throw new ConflictError(`Key ${body.keyId} is already managed`, { details: { keyId: body.keyId } });
  }
  let keySet = existing ?? (await draftFromKms(context, operationId));
  if (relaunch && keySet.activeOperationId !== operationId) {
    keySet = await deps.keySets.acquireLock(keySet.keyId, {
      operationId,
      leaseMs: deps.settings.lockLeaseMs,
    });
  }
  if (existing === undefined) {
    await enforceGuardrails(context, guardrailRequestFor(keySet, 'Adopt'), keySet.keyId);
    // Durable: once the set is stored, a retry must resume with this operation, not meet a 409.
    await context.attempt.save({ operationId }, { durable: true });
    await deps.keySets.create(keySet);
  }
  // sync-properties observes every member and makes the replicas match the adopted primary.
  const { operation, executionArn } = await launchOperation(launchDepsOf(deps), {
    operation: pendingOperation(
      {
        operationId,
        type: 'Adopt',
        keySet,
        requestedBy: principal.sub,
        input: { regions: [...keySet.regions] },
      },
      deps.clock.now().toISOString(),
    ),
    audit: {
      actor: principal.sub,
      action: 'AdoptRequested',
      requestId: context.request.requestId,
      result: 'Started',
      details: { tenant: keySet.tenant, regions: [...keySet.regions] },
    },
    workflow: 'sync-properties',
  });
  return acceptedAnswer(context, { keySet, operation, executionArn });
}

/** A retry of this request after its first launch failed: the set is stored, the operation never ran. */
async function isRelaunch(context: Context, operationId: string, keyId: string): Promise<boolean> {
  if (context.attempt.values.operationId === undefined) return false;
  const earlier = await context.deps.operations.get(operationId);
  return earlier !== undefined && earlier.keyId === keyId && neverStarted(earlier);
}

async function draftFromKms(context: Context, operationId: string): Promise<KeySet> {
  const { deps, body } = context;
  const now = deps.clock.now();
  // Every member is read: what each has now is the desired state (differences as per-Region overrides),
  // so the sync that follows changes nothing in KMS.
  const draft = await draftAdoptedKeySet(deps.kms, body, now);
  return {
    ...draft,
    activeOperationId: operationId,
    lockExpiresAt: new Date(now.getTime() + deps.settings.lockLeaseMs).toISOString(),
  };
}
