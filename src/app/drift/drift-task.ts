// The one Lambda behind the drift-scan state machine: `action` picks the step (start, scan, unmanaged, reconcile).
import * as z from 'zod';
import { parseEvent } from '../tasks/task-event.js';
import type { DriftDeps } from './drift-deps.js';
import { findUnmanagedKeysTask } from './find-unmanaged-keys.js';
import { reconcileKmsEventsTask } from './reconcile-kms-events-task.js';
import { scanKeySets } from './scan-key-sets.js';
import { startDriftScan } from './start-drift-scan.js';

export const DRIFT_ACTIONS = {
  start: startDriftScan,
  scan: scanKeySets,
  unmanaged: findUnmanagedKeysTask,
  reconcile: reconcileKmsEventsTask,
} as const satisfies Record<string, (deps: DriftDeps, event: unknown) => Promise<unknown>>;

export type DriftAction = keyof typeof DRIFT_ACTIONS;

const actionSchema = z.object({
  action: z.enum(Object.keys(DRIFT_ACTIONS) as [DriftAction, ...DriftAction[]]),
});

/** The logical id of the function in template.yaml; the ASL names it `${DriftScanFunctionArn}`. */
export const DRIFT_FUNCTION_NAME = 'DriftScanFunction';

export async function driftTask(deps: DriftDeps, event: unknown): Promise<unknown> {
  const { action } = parseEvent(actionSchema, event, 'DriftScan');
  return DRIFT_ACTIONS[action](deps, event);
}
