// Task "Schedule ... Deletion": ScheduleKeyDeletion in one Region; replicas first, the primary last.
import * as z from 'zod';
import { SCHEDULING_DELETION_NOTE } from '../../core/workflows/resume.js';
import { ReplicasNotScheduledError } from '../../core/workflows/workflow-errors.js';
import { refreshMember } from './observe-member.js';
import type { TaskDeps } from './task-deps.js';
import { operationEvent, parseEvent, regionSchema } from './task-event.js';
import { appendAudit, loadKeySetAndOperation, recordStep } from './workflow-records.js';

const schema = operationEvent.extend({
  region: regionSchema,
  role: z.enum(['PRIMARY', 'REPLICA']),
  pendingWindowInDays: z.number().int().min(7).max(30),
});

/**
 * A key already pending deletion counts as scheduled. The primary is scheduled only when every
 * other Region's step of this operation succeeded (or was skipped: no key there): otherwise it
 * would wait in PendingReplicaDeletion beside a replica nobody is deleting.
 */
export async function scheduleMemberDeletion(
  deps: TaskDeps,
  event: unknown,
): Promise<{ readonly keyState: string; readonly alreadyScheduled: boolean }> {
  const input = parseEvent(schema, event, 'ScheduleMemberDeletion');
  const [keySet, operation] = await loadKeySetAndOperation(deps, input);
  if (input.role === 'PRIMARY') {
    const unscheduled = Object.entries(operation.regions)
      .filter(
        ([region, step]) =>
          region !== input.region && step.status !== 'Succeeded' && step.status !== 'Skipped',
      )
      .map(([region]) => region);
    if (unscheduled.length > 0) {
      throw new ReplicasNotScheduledError(
        `The primary was not scheduled for deletion: the replicas in ${unscheduled.join(', ')} are not scheduled`,
        { details: { regions: unscheduled } },
      );
    }
  }
  // Noted before the call: a deletion resumed after a crash here knows its soak was over.
  await recordStep(deps, operation.operationId, input.region, 'Running', { note: SCHEDULING_DELETION_NOTE });
  const result = await deps.kms.scheduleKeyDeletion(input.region, input.keyId, input.pendingWindowInDays);
  const when = result.deletionDate === undefined ? '' : `, deletion on ${result.deletionDate}`;
  const note = `${result.alreadyScheduled ? 'Already ' : ''}${result.keyState}${when}`;
  await refreshMember(deps, keySet, input.region, deps.clock.now());
  await recordStep(deps, operation.operationId, input.region, 'Succeeded', { note });
  await appendAudit(deps, operation, {
    step: 'delete',
    region: input.region,
    action: 'ScheduleKeyDeletion',
    result: 'Succeeded',
    details: {
      role: input.role,
      keyState: result.keyState,
      pendingWindowInDays: input.pendingWindowInDays,
      alreadyScheduled: result.alreadyScheduled,
      ...(result.deletionDate !== undefined && { deletionDate: result.deletionDate }),
    },
  });
  return { keyState: result.keyState, alreadyScheduled: result.alreadyScheduled };
}
