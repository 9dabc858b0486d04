// Task "Record ... Success/Failure": the final word on one Region's step, and its audit event.
import * as z from 'zod';
import { operationErrorOf } from '../../core/workflows/operation-error-of.js';
import type { TaskDeps } from './task-deps.js';
import { caughtSchema, operationEvent, parseEvent, regionSchema } from './task-event.js';
import { appendAudit, loadOperation, recordStep } from './workflow-records.js';

const schema = operationEvent.extend({
  region: regionSchema,
  step: z.enum(['provision', 'replicate', 'sync', 'delete', 'cancel', 'disable']),
  status: z.enum(['Succeeded', 'Failed', 'Skipped']),
  note: z.string().max(2000).optional(),
  /** The Catch output (`{ Error, Cause }`) when the step failed. */
  error: caughtSchema.optional(),
});

const ACTIONS = {
  provision: 'ProvisionPrimary',
  replicate: 'ReplicateRegion',
  sync: 'SyncProperties',
  delete: 'ScheduleKeyDeletion',
  cancel: 'CancelKeyDeletion',
  disable: 'DisableKey',
} as const;

export async function recordRegionResult(
  deps: TaskDeps,
  event: unknown,
): Promise<{ readonly region: string; readonly status: string }> {
  const input = parseEvent(schema, event, 'RecordRegionResult');
  const operation = await loadOperation(deps, input.operationId, input.keyId);
  const error = input.status === 'Failed' ? operationErrorOf(input.error) : undefined;
  // Keep what an earlier step said (e.g. "Adopted the existing replica") unless told otherwise.
  const note = input.note ?? operation.regions[input.region]?.note;
  await recordStep(deps, operation.operationId, input.region, input.status, { note, error });
  await appendAudit(deps, operation, {
    step: `${input.step}-result`,
    region: input.region,
    action: ACTIONS[input.step],
    result: input.status === 'Failed' ? 'Failed' : 'Succeeded',
    details: {
      status: input.status,
      ...(error !== undefined && { error: error.code, message: error.message }),
    },
  });
  return { region: input.region, status: input.status };
}
