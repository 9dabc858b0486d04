// Task "Cancel Member Deletion": CancelKeyDeletion in one Region, then EnableKey when asked.
import * as z from 'zod';
import { refreshMember } from './observe-member.js';
import type { TaskDeps } from './task-deps.js';
import { operationEvent, parseEvent, regionSchema } from './task-event.js';
import { appendAudit, loadKeySetAndOperation, recordStep } from './workflow-records.js';

const schema = operationEvent.extend({ region: regionSchema, enable: z.boolean().default(false) });

/** KMS leaves a cancelled key Disabled (KMS-MRK-SPEC 7); `enable` makes it usable again. */
export async function cancelMemberDeletion(
  deps: TaskDeps,
  event: unknown,
): Promise<{ readonly keyState: string; readonly alreadyCancelled: boolean }> {
  const input = parseEvent(schema, event, 'CancelMemberDeletion');
  const [keySet, operation] = await loadKeySetAndOperation(deps, input);
  const { alreadyCancelled } = await deps.kms.cancelKeyDeletion(input.region, input.keyId);
  if (input.enable) {
    const key = await deps.kms.describeKey(input.region, input.keyId);
    if (key?.keyState === 'Disabled') await deps.kms.enableKey(input.region, input.keyId);
  }
  const member = await refreshMember(deps, keySet, input.region, deps.clock.now());
  const keyState = member?.keyState ?? 'Absent';
  await recordStep(deps, operation.operationId, input.region, 'Succeeded', {
    note: `${alreadyCancelled ? 'Was not pending deletion; ' : ''}now ${keyState}`,
  });
  await appendAudit(deps, operation, {
    step: 'cancel',
    region: input.region,
    action: 'CancelKeyDeletion',
    result: 'Succeeded',
    details: { alreadyCancelled, enabled: input.enable, keyState },
  });
  return { keyState, alreadyCancelled };
}
