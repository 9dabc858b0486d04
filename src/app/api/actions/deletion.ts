// DELETE /keys/{keyId}, POST .../cancel-deletion and DELETE .../replicas/{region}.
import { auditEventId } from '../../../core/audit/audit-chain.js';
import { ConflictError, isDomainError } from '../../../core/errors.js';
import { guardrailRequestFor } from '../../../core/guardrails/guardrail-request-for.js';
import type { Operation } from '../../../core/model/operation.js';
import type { ApiAnswer } from '../../http/api-types.js';
import type { RouteContext } from '../routes/route.js';
import { etagOf, keyView } from '../views/key-view.js';
import { operationView } from '../views/operation-view.js';
import { acceptedAnswer } from './accepted.js';
import { enforceGuardrails } from './guard.js';
import { assertMemberRegion, assertStatus } from './key-state-checks.js';
import { loadKeyFor } from './load-key.js';
import { assertUnlocked, assertVersion, startOperation } from './start-operation.js';

interface DeleteQuery {
  pendingWindowInDays: number;
  disableFirst: boolean;
  soakMinutes: number;
}

/** Ordered deletion: replicas first, the primary last (the delete-key workflow). */
export async function deleteKey(
  context: RouteContext<{ keyId: string }, DeleteQuery, undefined>,
): Promise<ApiAnswer> {
  const keySet = await loadKeyFor(context, context.params.keyId, 'keys:write');
  assertStatus(keySet, ['Active'], 'a deletion');
  const { pendingWindowInDays, disableFirst, soakMinutes } = context.query;
  await enforceGuardrails(
    context,
    guardrailRequestFor(keySet, 'ScheduleDeletion', pendingWindowInDays),
    keySet.keyId,
  );
  const started = await startOperation(context, {
    keySet,
    type: 'Delete',
    workflow: 'delete-key',
    changes: {},
    input: { pendingWindowInDays, disableFirst, soakMinutes },
  });
  return acceptedAnswer(context, started);
}

export async function cancelDeletion(
  context: RouteContext<{ keyId: string }, undefined, { enable: boolean }>,
): Promise<ApiAnswer> {
  const keySet = await loadKeyFor(context, context.params.keyId, 'keys:write');
  assertStatus(keySet, ['Deleting', 'PendingDeletion'], 'cancelling a deletion');
  const started = await startOperation(context, {
    keySet,
    type: 'CancelDeletion',
    workflow: 'cancel-key-deletion',
    changes: {},
    input: { enable: context.body.enable },
  });
  return acceptedAnswer(context, started);
}

/**
 * One ScheduleKeyDeletion in one Region is quick, so it runs here rather than in a workflow (there is
 * no delete-replica state machine): lock, schedule, drop the Region from the desired set, unlock.
 */
export async function deleteReplica(
  context: RouteContext<{ keyId: string; region: string }, { pendingWindowInDays: number }, undefined>,
): Promise<ApiAnswer> {
  const { deps, principal } = context;
  const keySet = await loadKeyFor(context, context.params.keyId, 'keys:write');
  const { region } = context.params;
  const window = context.query.pendingWindowInDays;
  assertStatus(keySet, ['Active'], 'deleting a replica');
  assertMemberRegion(keySet, region);
  if (region === keySet.primaryRegion) {
    throw new ConflictError(
      `${region} holds the primary; promote another Region first or delete the whole key`,
      {
        details: { region },
      },
    );
  }
  const regions = keySet.regions.filter((item) => item !== region);
  await enforceGuardrails(
    context,
    guardrailRequestFor({ ...keySet, regions }, 'DeleteReplica', window),
    keySet.keyId,
  );
  assertVersion(keySet, context.ifMatch);
  assertUnlocked(keySet, deps.clock.now());
  const operationId = deps.ids.newId('op');
  await deps.keySets.acquireLock(keySet.keyId, { operationId, leaseMs: deps.settings.lockLeaseMs });
  const now = () => deps.clock.now().toISOString();
  let operation: Operation = await deps.operations.create({
    operationId,
    type: 'DeleteReplica',
    keyId: keySet.keyId,
    tenant: keySet.tenant,
    requestedBy: principal.sub,
    status: 'Running',
    regions: { [region]: { status: 'Running', updatedAt: now() } },
    input: { region, pendingWindowInDays: window },
    createdAt: now(),
    updatedAt: now(),
  });
  try {
    const result = await deps.kms.scheduleKeyDeletion(region, keySet.keyId, window);
    const overrides = Object.fromEntries(
      Object.entries(keySet.desired.regionOverrides).filter(([name]) => name !== region),
    );
    const updated = await deps.keySets.update(keySet.keyId, keySet.version, {
      regions,
      desired: { ...keySet.desired, regionOverrides: overrides },
    });
    const member = keySet.members[region];
    if (member !== undefined) {
      await deps.keySets.recordMembers(keySet.keyId, [
        {
          ...member,
          keyState: result.keyState,
          enabled: false,
          deletionDate: result.deletionDate,
          observedAt: now(),
        },
      ]);
    }
    const note = `${result.alreadyScheduled ? 'Already ' : ''}${result.keyState}${result.deletionDate ? `, deletion on ${result.deletionDate}` : ''}`;
    await deps.operations.recordStep(operationId, region, { status: 'Succeeded', note, updatedAt: now() });
    operation = await deps.operations.setStatus(operationId, 'Succeeded');
    await audit(context, operation, region, 'Succeeded', { pendingWindowInDays: window });
    const body = {
      key: keyView(
        { ...updated, members: (await deps.keySets.get(keySet.keyId))?.members ?? updated.members },
        deps.clock.now(),
      ),
      operation: operationView(operation),
    };
    return { status: 202, body, headers: { location: `/operations/${operationId}`, etag: etagOf(updated) } };
  } catch (error) {
    const code = isDomainError(error) ? error.code : 'InternalError';
    const message = isDomainError(error) && error.status < 500 ? error.message : 'ScheduleKeyDeletion failed';
    await deps.operations
      .recordStep(operationId, region, { status: 'Failed', error: { code, message }, updatedAt: now() })
      .catch(() => undefined);
    operation = await deps.operations
      .setStatus(operationId, 'Failed', { error: { code, message } })
      .catch(() => operation);
    await audit(context, operation, region, 'Failed', { error: code }).catch(() => undefined);
    throw error;
  } finally {
    await deps.keySets.releaseLock(keySet.keyId, operationId).catch((error: unknown) => {
      deps.telemetry.logger.error('Could not release the lock', { error, operationId });
    });
  }
}

async function audit(
  context: RouteContext<unknown, unknown, unknown>,
  operation: Operation,
  region: string,
  result: 'Succeeded' | 'Failed',
  details: Record<string, string | number>,
): Promise<void> {
  const { deps } = context;
  await deps.audit.append({
    eventId: auditEventId(operation.operationId, `delete-replica:${region}`),
    keyId: operation.keyId,
    writerRegion: deps.writerRegion,
    at: deps.clock.now().toISOString(),
    actor: context.principal.sub,
    action: 'ScheduleKeyDeletion',
    region,
    requestId: context.request.requestId,
    operationId: operation.operationId,
    result,
    details,
  });
}
