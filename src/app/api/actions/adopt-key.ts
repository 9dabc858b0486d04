// POST /keys/adopt: bring an existing MRK set under management; every member's current properties become desired.
import { auditEventId } from '../../../core/audit/audit-chain.js';
import { ConflictError, ForbiddenError } from '../../../core/errors.js';
import { guardrailRequestFor } from '../../../core/guardrails/guardrail-request-for.js';
import type { KeySet } from '../../../core/model/key-set.js';
import { pendingOperation } from '../../../core/model/operation.js';
import { canSeeTenant } from '../../auth/roles.js';
import { draftAdoptedKeySet } from '../../drift/adopt-key-set.js';
import type { ApiAnswer } from '../../http/api-types.js';
import type { RouteContext } from '../routes/route.js';
import { acceptedAnswer } from './accepted.js';
import { enforceGuardrails } from './guard.js';
import { recordExecution } from './record-execution.js';

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
  if (existing !== undefined && existing.activeOperationId !== operationId) {
    throw new ConflictError(`Key ${body.keyId} is already managed`, { details: { keyId: body.keyId } });
  }
  const keySet = existing ?? (await draftFromKms(context, operationId));
  if (existing === undefined) {
    await enforceGuardrails(context, guardrailRequestFor(keySet, 'Adopt'), keySet.keyId);
    // Durable: once the set is stored, a retry must resume with this operation, not meet a 409.
    await context.attempt.save({ operationId }, { durable: true });
    await deps.keySets.create(keySet);
  }
  const now = deps.clock.now().toISOString();
  const operation = await deps.operations.create(
    pendingOperation(
      {
        operationId,
        type: 'Adopt',
        keySet,
        requestedBy: principal.sub,
        input: { regions: [...keySet.regions] },
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
  return acceptedAnswer(context, { keySet, operation, executionArn });
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
