// DELETE /keys/{keyId}, POST .../cancel-deletion and DELETE .../replicas/{region}: workflows only.
import { ConflictError } from '../../../core/errors.js';
import { guardrailRequestFor } from '../../../core/guardrails/guardrail-request-for.js';
import { isPendingDeletion } from '../../../core/model/member.js';
import type { ApiAnswer } from '../../http/api-types.js';
import type { RouteContext } from '../routes/route.js';
import { acceptedAnswer } from './accepted.js';
import { enforceGuardrails } from './guard.js';
import { assertMemberRegion, assertStatus } from './key-state-checks.js';
import { loadKeyFor } from './load-key.js';
import { startOperation } from './start-operation.js';

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
  const retried = context.attempt.values.operationId !== undefined;
  if (!retried || keySet.activeOperationId !== context.attempt.values.operationId) {
    if (keySet.status === 'Deleting') {
      throw new ConflictError(
        `The deletion of key ${keySet.keyId} did not finish; POST /keys/${keySet.keyId}/reconcile (mrkctl keys reconcile) finishes it from where it stopped`,
        { details: { keyId: keySet.keyId, status: keySet.status } },
      );
    }
    assertStatus(keySet, ['Active'], 'a deletion');
  }
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
  const { enable } = context.body;
  // KMS leaves a cancelled key Disabled; the desired state says what the caller asked for, so drift
  // (and an auto remediation policy) keeps the keys Disabled unless `enable` was given.
  const regionOverrides = Object.fromEntries(
    Object.entries(keySet.desired.regionOverrides).map(([region, { enabled: _dropped, ...rest }]) => [
      region,
      rest,
    ]),
  );
  const started = await startOperation(context, {
    keySet,
    type: 'CancelDeletion',
    workflow: 'cancel-key-deletion',
    changes: { desired: { ...keySet.desired, enabled: enable, regionOverrides } },
    input: { enable },
  });
  return acceptedAnswer(context, started);
}

/**
 * One replica through the delete-replica workflow, like every other mutation: the API takes the lock,
 * drops the Region from the desired set, records the operation and starts the workflow, and never
 * calls ScheduleKeyDeletion itself. The primary's Region is refused: KMS would keep that key waiting
 * in PendingReplicaDeletion beside replicas nobody is deleting.
 */
export async function deleteReplica(
  context: RouteContext<{ keyId: string; region: string }, { pendingWindowInDays: number }, undefined>,
): Promise<ApiAnswer> {
  const keySet = await loadKeyFor(context, context.params.keyId, 'keys:write');
  const { region } = context.params;
  const window = context.query.pendingWindowInDays;
  assertStatus(keySet, ['Active'], 'deleting a replica');
  if (region === keySet.primaryRegion) {
    throw new ConflictError(
      `${region} holds the primary of ${keySet.keyId}; promote another Region first (POST /keys/${keySet.keyId}/primary), or delete the whole key`,
      { details: { region, primaryRegion: keySet.primaryRegion } },
    );
  }
  // A Region already out of the desired set whose replica is still live: an earlier attempt failed.
  const member = keySet.members[region];
  const leftOver = member !== undefined && !isPendingDeletion(member);
  if (!leftOver) assertMemberRegion(keySet, region);
  const regions = keySet.regions.filter((item) => item !== region);
  await enforceGuardrails(
    context,
    guardrailRequestFor({ ...keySet, regions }, 'DeleteReplica', window),
    keySet.keyId,
  );
  const regionOverrides = Object.fromEntries(
    Object.entries(keySet.desired.regionOverrides).filter(([name]) => name !== region),
  );
  const started = await startOperation(context, {
    keySet,
    type: 'DeleteReplica',
    workflow: 'delete-replica',
    changes: { regions, desired: { ...keySet.desired, regionOverrides } },
    input: { regions: [region], pendingWindowInDays: window },
  });
  return acceptedAnswer(context, started);
}
