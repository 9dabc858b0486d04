// Task "Record New Primary": store the promoted topology (both members, the key set's primary Region).

import { refreshMember } from './observe-member.js';
import type { TaskDeps } from './task-deps.js';
import { operationEvent, parseEvent, regionSchema } from './task-event.js';
import { appendAudit, loadKeySetAndOperation, recordStep, setPrimaryRegion } from './workflow-records.js';

const schema = operationEvent.extend({ primaryRegion: regionSchema, newPrimaryRegion: regionSchema });

export async function recordNewPrimary(
  deps: TaskDeps,
  event: unknown,
): Promise<{ readonly primaryRegion: string }> {
  const input = parseEvent(schema, event, 'RecordNewPrimary');
  const [keySet, operation] = await loadKeySetAndOperation(deps, input);
  const now = deps.clock.now();
  await Promise.all([
    refreshMember(deps, keySet, input.newPrimaryRegion, now),
    refreshMember(deps, keySet, input.primaryRegion, now),
  ]);
  await setPrimaryRegion(deps, keySet.keyId, input.newPrimaryRegion);
  await recordStep(deps, operation.operationId, input.newPrimaryRegion, 'Succeeded', {
    note: 'Now the primary',
  });
  if (input.primaryRegion !== input.newPrimaryRegion) {
    await recordStep(deps, operation.operationId, input.primaryRegion, 'Succeeded', {
      note: 'Now a replica',
    });
  }
  await appendAudit(deps, operation, {
    step: 'promoted',
    region: input.newPrimaryRegion,
    action: 'PrimaryRegionChanged',
    result: 'Succeeded',
    details: { from: input.primaryRegion, to: input.newPrimaryRegion },
  });
  return { primaryRegion: input.newPrimaryRegion };
}
