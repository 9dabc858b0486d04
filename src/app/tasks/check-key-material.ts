// Task "Check Key Material": one poll of every member until all show the same, new CurrentKeyMaterialId.
import * as z from 'zod';
import { nextPoll } from '../../core/workflows/poll-schedule.js';
import { MemberWaitTimedOutError } from '../../core/workflows/workflow-errors.js';
import type { TaskDeps } from './task-deps.js';
import { operationEvent, parseEvent, pollSchema, regionSchema, timeoutMinutesSchema } from './task-event.js';
import { appendAudit, loadOperation, recordStep } from './workflow-records.js';

const schema = operationEvent.extend({
  regions: z.array(regionSchema).min(1).max(40),
  materialIdBefore: z.string().max(64).default(''),
  timeoutMinutes: timeoutMinutesSchema,
  poll: pollSchema,
});

export interface CheckKeyMaterialResult {
  readonly done: boolean;
  readonly attempt: number;
  readonly deadline: string;
  readonly waitSeconds: number;
  readonly materials: Readonly<Record<string, string>>;
}

export async function checkKeyMaterial(deps: TaskDeps, event: unknown): Promise<CheckKeyMaterialResult> {
  const input = parseEvent(schema, event, 'CheckKeyMaterial');
  const operation = await loadOperation(deps, input.operationId, input.keyId);
  const keys = await Promise.all(input.regions.map((region) => deps.kms.describeKey(region, input.keyId)));
  const materials = Object.fromEntries(
    input.regions.map((region, index) => [region, keys[index]?.currentKeyMaterialId ?? '']),
  );
  const ids = new Set(Object.values(materials));
  const [only] = ids;
  const done = ids.size === 1 && only !== undefined && only !== '' && only !== input.materialIdBefore;
  const step = nextPoll(input.poll, deps.clock.now(), { timeoutMinutes: input.timeoutMinutes });
  if (done) {
    // The stored members carry the new material too, so a plain read (not ?live) shows it at once.
    const keySet = await deps.keySets.get(input.keyId);
    const now = deps.clock.now().toISOString();
    const moved = input.regions.flatMap((region) => {
      const member = keySet?.members[region];
      return member === undefined ? [] : [{ ...member, currentKeyMaterialId: only, observedAt: now }];
    });
    if (moved.length > 0) await deps.keySets.recordMembers(input.keyId, moved);
    for (const region of input.regions) {
      await recordStep(deps, operation.operationId, region, 'Succeeded', { note: `Key material ${only}` });
    }
    await appendAudit(deps, operation, {
      step: 'rotation-verified',
      action: 'KeyMaterialVerified',
      result: 'Succeeded',
      details: { materialId: only, regions: input.regions },
    });
    return { done, ...step, waitSeconds: 0, materials };
  }
  if (step.expired) {
    throw new MemberWaitTimedOutError(
      `Members still differ in key material after ${input.timeoutMinutes} minutes: ${JSON.stringify(materials)}`,
      { details: { keyId: input.keyId, materials } },
    );
  }
  return { done, attempt: step.attempt, deadline: step.deadline, waitSeconds: step.waitSeconds, materials };
}
