// Task "Update Primary Region": UpdatePrimaryRegion in the current primary's Region, once.
import { ConflictError } from '../../core/errors.js';
import type { TaskDeps } from './task-deps.js';
import { operationEvent, parseEvent, regionSchema } from './task-event.js';
import { appendAudit, loadOperation, recordStep } from './workflow-records.js';

const schema = operationEvent.extend({ primaryRegion: regionSchema, newPrimaryRegion: regionSchema });

/**
 * A retry must not fail because the first attempt worked: a target that already reports PRIMARY
 * is done, and a KMS refusal while the old primary is Updating or already a REPLICA means the
 * promotion is under way (KMS-MRK-SPEC 4: both keys are Updating, both may read REPLICA).
 */
export async function updatePrimaryRegion(
  deps: TaskDeps,
  event: unknown,
): Promise<{ readonly alreadyUnderWay: boolean }> {
  const input = parseEvent(schema, event, 'UpdatePrimaryRegion');
  const operation = await loadOperation(deps, input.operationId, input.keyId);
  let alreadyUnderWay = false;
  const target = await deps.kms.describeKey(input.newPrimaryRegion, input.keyId);
  if (target?.role === 'PRIMARY' || input.primaryRegion === input.newPrimaryRegion) alreadyUnderWay = true;
  else {
    try {
      await deps.kms.updatePrimaryRegion(input.primaryRegion, input.keyId, input.newPrimaryRegion);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const current = await deps.kms.describeKey(input.primaryRegion, input.keyId);
      if (current?.keyState !== 'Updating' && current?.role !== 'REPLICA') throw error;
      alreadyUnderWay = true;
    }
  }
  const note = `Promotion from ${input.primaryRegion} to ${input.newPrimaryRegion} started`;
  await recordStep(deps, operation.operationId, input.newPrimaryRegion, 'Running', { note });
  await recordStep(deps, operation.operationId, input.primaryRegion, 'Running', { note });
  await appendAudit(deps, operation, {
    step: 'promote',
    region: input.newPrimaryRegion,
    action: 'UpdatePrimaryRegion',
    result: 'Succeeded',
    details: { from: input.primaryRegion, to: input.newPrimaryRegion, alreadyUnderWay },
  });
  return { alreadyUnderWay };
}
