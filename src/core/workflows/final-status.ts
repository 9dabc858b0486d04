// The status an operation ends with, from its per-Region steps and any workflow-level failure.
import type { OperationError, OperationStatus, RegionStep } from '../model/operation.js';
import { summariseSteps } from '../model/operation.js';

export interface FinalOutcome {
  readonly status: Exclude<OperationStatus, 'Pending' | 'Running'>;
  /** Steps to rewrite: ones still Pending/Running when the workflow ended are Failed now. */
  readonly unfinished: Readonly<Record<string, RegionStep>>;
}

/**
 * Steps the workflow never finished become Failed with `failure` (or "not reached"). Then:
 * all Regions done = Succeeded, none = Failed, a mix = PartiallySucceeded. A workflow failure
 * outside any Region (e.g. recording the new primary) cannot end as Succeeded.
 */
export function finalStatus(
  steps: Readonly<Record<string, RegionStep>>,
  failure: OperationError | undefined,
  at: string,
): FinalOutcome {
  const error = failure ?? { code: 'NotReached', message: 'The workflow ended before this Region was done' };
  const unfinished: Record<string, RegionStep> = {};
  for (const [region, step] of Object.entries(steps)) {
    if (step.status === 'Pending' || step.status === 'Running') {
      unfinished[region] = {
        status: 'Failed',
        ...(step.note !== undefined && { note: step.note }),
        error,
        updatedAt: at,
      };
    }
  }
  const summary = summariseSteps({ ...steps, ...unfinished });
  if (failure === undefined) return { status: summary === 'Running' ? 'Failed' : summary, unfinished };
  const anyDone = Object.values(steps).some((step) => step.status === 'Succeeded');
  return { status: anyDone ? 'PartiallySucceeded' : 'Failed', unfinished };
}
