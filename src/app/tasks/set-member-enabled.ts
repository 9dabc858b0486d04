// Task "Disable Member": DisableKey (or EnableKey) in one Region, skipped when already so.
import * as z from 'zod';
import { NotFoundError } from '../../core/errors.js';
import { disabledBeforeDeletionNote } from '../../core/workflows/resume.js';
import type { TaskDeps } from './task-deps.js';
import { operationEvent, parseEvent, regionSchema } from './task-event.js';
import { appendAudit, loadOperation, recordStep } from './workflow-records.js';

const schema = operationEvent.extend({
  region: regionSchema,
  enabled: z.boolean(),
  /** A resumed deletion's earlier soak start (its plan's soakStartedAt); null or absent: it starts now. */
  soakStartedAt: z.string().datetime({ offset: true }).nullish(),
});

export async function setMemberEnabled(
  deps: TaskDeps,
  event: unknown,
): Promise<{ readonly keyState: string }> {
  const input = parseEvent(schema, event, 'SetMemberEnabled');
  const operation = await loadOperation(deps, input.operationId, input.keyId);
  const key = await deps.kms.describeKey(input.region, input.keyId);
  if (key === undefined) {
    throw new NotFoundError(`No key of set ${input.keyId} exists in ${input.region}`, {
      details: { region: input.region },
    });
  }
  const target = input.enabled ? 'Enabled' : 'Disabled';
  if (key.keyState !== target) {
    if (input.enabled) await deps.kms.enableKey(input.region, input.keyId);
    else await deps.kms.disableKey(input.region, input.keyId);
  }
  // The note keeps when the soak began, so a deletion resumed after an interruption does not restart it.
  await recordStep(deps, operation.operationId, input.region, 'Running', {
    note: input.enabled
      ? `${target} before deletion`
      : disabledBeforeDeletionNote(input.soakStartedAt ?? deps.clock.now().toISOString()),
  });
  await appendAudit(deps, operation, {
    step: input.enabled ? 'enable' : 'disable',
    region: input.region,
    action: input.enabled ? 'EnableKey' : 'DisableKey',
    result: 'Succeeded',
    details: { previousState: key.keyState },
  });
  return { keyState: target };
}
