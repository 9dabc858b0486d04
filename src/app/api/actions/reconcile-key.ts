// POST /keys/{keyId}/reconcile: the one action that finishes interrupted or failed work on a key set.
import { ConflictError } from '../../../core/errors.js';
import { planReconcile } from '../../../core/workflows/resume.js';
import type { ApiAnswer } from '../../http/api-types.js';
import type { RouteContext } from '../routes/route.js';
import { acceptedAnswer } from './accepted.js';
import { loadKeyFor } from './load-key.js';
import { observeLive } from './read-keys.js';
import { assertUnlocked, startOperation } from './start-operation.js';

/** How many of the key's latest operations the plan looks at (a resume carries its own parameters). */
const RECENT_OPERATIONS = 25;

/**
 * Active: resumes an unfinished promotion, replica deletion or rotation, else replicates missing
 * replicas, else syncs every member. Deleting: finishes the deletion in order from where it stopped
 * (members already pending deletion are left alone; a soak already served is not served again).
 * An unfinished cancel-deletion is finished. See planReconcile (src/core/workflows/resume.ts).
 */
export async function reconcileKey(
  context: RouteContext<{ keyId: string }, undefined, Record<string, never>>,
): Promise<ApiAnswer> {
  const keySet = await loadKeyFor(context, context.params.keyId, 'keys:write');
  const retriedId = context.attempt.values.operationId;
  if (keySet.activeOperationId !== retriedId) assertUnlocked(keySet, context.deps.clock.now());
  const page = await context.deps.operations.listByKey(keySet.keyId, { limit: RECENT_OPERATIONS });
  const recent = page.items.filter((operation) => operation.operationId !== retriedId);
  // What KMS holds now decides (the recorded members may be old); a Region that does not answer
  // leaves its recorded member in place, and the workflow then retries it.
  const members = await observeLive(context, keySet).catch(() => keySet.members);
  const plan = planReconcile({ ...keySet, members }, recent);
  if (!plan.start) {
    throw new ConflictError(plan.reason, { details: { keyId: keySet.keyId, status: keySet.status } });
  }
  const started = await startOperation(context, {
    keySet,
    type: 'Reconcile',
    workflow: plan.workflow,
    changes: {},
    input: plan.input,
  });
  return acceptedAnswer(context, started);
}
