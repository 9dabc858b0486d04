// Task "Apply ... Properties": make one Region's key match the desired independent properties.
import * as z from 'zod';
import { NotFoundError } from '../../core/errors.js';
import { independentPropertiesFor } from '../../core/model/key-set.js';
import { type PropertySyncCall, planRegionSync } from '../../core/planning/plan-property-sync.js';
import type { KeyService } from '../../core/ports/key-service.js';
import { observeMember } from './observe-member.js';
import type { TaskDeps } from './task-deps.js';
import { operationEvent, parseEvent, regionSchema } from './task-event.js';
import { appendAudit, loadKeySetAndOperation } from './workflow-records.js';

const schema = operationEvent.extend({
  region: regionSchema,
  /** The workflow step, for the audit event id: provision, replicate or sync. */
  step: z.enum(['provision', 'replicate', 'sync']),
});

export interface ApplyPropertiesResult {
  /** The KMS operations called, in order (empty when the Region was in sync). */
  readonly calls: readonly string[];
  /** Properties KMS refuses to change in the key's current state; a later sync picks them up. */
  readonly deferred: readonly string[];
}

/**
 * Observe, plan (planRegionSync), call, observe again and store what KMS shows. Running it twice
 * makes no second change: the second plan is empty. Rotation is planned for the primary only.
 */
export async function applyMemberProperties(deps: TaskDeps, event: unknown): Promise<ApplyPropertiesResult> {
  const input = parseEvent(schema, event, 'ApplyMemberProperties');
  const [keySet, operation] = await loadKeySetAndOperation(deps, input);
  const observed = await observeMember(deps.kms, keySet, input.region, deps.clock.now());
  if (observed === undefined) {
    throw new NotFoundError(`No key of set ${keySet.keyId} exists in ${input.region}`, {
      details: { keyId: keySet.keyId, region: input.region },
    });
  }
  const plan = planRegionSync(
    independentPropertiesFor(keySet.desired, input.region),
    observed,
    keySet.desired.rotation,
  );
  for (const call of plan.calls) await perform(deps.kms, input.region, keySet.keyId, call);
  const after =
    plan.calls.length === 0
      ? observed
      : await observeMember(deps.kms, keySet, input.region, deps.clock.now());
  if (after !== undefined) await deps.keySets.recordMembers(keySet.keyId, [after]);
  const calls = plan.calls.map((call) => call.operation);
  const deferred = plan.deferred.map((change) => change.property);
  await appendAudit(deps, operation, {
    step: `${input.step}-properties`,
    region: input.region,
    action: 'UpdateProperties',
    result: 'Succeeded',
    details: { calls, deferred },
  });
  return { calls, deferred };
}

async function perform(
  kms: KeyService,
  region: string,
  keyId: string,
  call: PropertySyncCall,
): Promise<void> {
  switch (call.operation) {
    case 'PutKeyPolicy':
      return kms.putKeyPolicy(region, keyId, call.policy);
    case 'UpdateKeyDescription':
      return kms.updateKeyDescription(region, keyId, call.description);
    case 'UntagResource':
      return kms.untagResource(region, keyId, call.tagKeys);
    case 'TagResource':
      return kms.tagResource(region, keyId, call.tags);
    case 'DeleteAlias':
      return kms.deleteAlias(region, call.aliasName);
    case 'UpdateAlias':
      return kms.updateAlias(region, call.aliasName, keyId);
    case 'CreateAlias':
      return kms.createAlias(region, call.aliasName, keyId);
    case 'EnableKeyRotation':
      return kms.enableKeyRotation(region, keyId, call.rotationPeriodInDays);
    case 'DisableKeyRotation':
      return kms.disableKeyRotation(region, keyId);
    case 'EnableKey':
      return kms.enableKey(region, keyId);
    case 'DisableKey':
      return kms.disableKey(region, keyId);
  }
}
