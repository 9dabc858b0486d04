// Task "Plan Replication": which Regions to replicate to, adopt, or skip, with rate-limit start delays.
import * as z from 'zod';
import { planReplication } from '../../core/planning/plan-replication.js';
import { rateSlots } from '../../core/workflows/rate-slots.js';
import { describeRegions } from './describe-regions.js';
import { describedMember } from './member-from-reads.js';
import type { TaskDeps } from './task-deps.js';
import { operationEvent, parseEvent, regionSchema } from './task-event.js';
import { appendAudit, loadKeySetAndOperation, recordStep } from './workflow-records.js';

const schema = operationEvent.extend({
  /** The execution input: `regions` (optional) names the Regions to replicate to. */
  request: z.object({ regions: z.array(regionSchema).min(1).max(40).optional() }).default({}),
});

export interface ReplicationTarget {
  readonly region: string;
  /** Seconds to wait before ReplicateKey, so the primary's Region sees at most N calls per second. */
  readonly delaySeconds: number;
}

export interface PlanReplicationResult {
  readonly primaryRegion: string;
  readonly targets: readonly ReplicationTarget[];
}

/**
 * Regions default to the key set's desired replica Regions. Skipped Regions (the primary's, a replica
 * pending deletion) are recorded as Skipped with the reason; the rest become Pending steps.
 */
export async function planReplicationTask(deps: TaskDeps, event: unknown): Promise<PlanReplicationResult> {
  const input = parseEvent(schema, event, 'PlanReplication');
  const [keySet, operation] = await loadKeySetAndOperation(deps, input);
  const regions = [
    ...new Set(input.request.regions ?? keySet.regions.filter((region) => region !== keySet.primaryRegion)),
  ];
  const asked = [...new Set([keySet.primaryRegion, ...regions])];
  // An unreachable target is planned as "replicate": its own step asks again, and fails alone.
  const { found } = await describeRegions(deps.kms, keySet.keyId, asked, [keySet.primaryRegion]);
  const observedAt = deps.clock.now().toISOString();
  const observed = Object.fromEntries(
    asked.map((region) => {
      const description = found.get(region);
      return [region, description === undefined ? undefined : describedMember(description, observedAt)];
    }),
  );
  const plan = planReplication(keySet, regions, observed);
  const replicating = plan.steps.filter((step) => step.action === 'Replicate').map((step) => step.region);
  const delays = rateSlots(replicating.length, deps.settings.replicateKeyPerSecond);
  const targets: ReplicationTarget[] = [];
  for (const step of plan.steps) {
    if (step.action === 'Skip') {
      await recordStep(deps, operation.operationId, step.region, 'Skipped', { note: step.message });
      continue;
    }
    await recordStep(deps, operation.operationId, step.region, 'Pending');
    const slot = replicating.indexOf(step.region);
    targets.push({ region: step.region, delaySeconds: slot < 0 ? 0 : (delays[slot] ?? 0) });
  }
  await appendAudit(deps, operation, {
    step: 'plan-replication',
    action: 'PlanReplication',
    result: 'Succeeded',
    details: {
      primaryRegion: plan.primaryRegion,
      steps: plan.steps.map((step) => ({ region: step.region, action: step.action })),
    },
  });
  return { primaryRegion: plan.primaryRegion, targets };
}
