// Lambda DriftScanFunction: every Task state of the drift-scan state machine; logic in src/app/drift.
import { buildDriftDeps } from '../../src/app/drift/build-drift-deps.js';
import { loadDriftConfig } from '../../src/app/drift/drift-config.js';
import type { DriftDeps } from '../../src/app/drift/drift-deps.js';
import { driftTask } from '../../src/app/drift/drift-task.js';

export const createHandler =
  (deps: DriftDeps) =>
  (event: unknown): Promise<unknown> =>
    driftTask(deps, event);

export const handler = createHandler(buildDriftDeps(loadDriftConfig()));
