// The public surface of the local workflow wiring (for local/start.ts and tests).
export {
  createLocalWorkflows,
  DEFAULT_DRIFT_REGIONS,
  DRIFT_SCAN_WORKFLOW,
  LOCAL_CREDENTIALS,
  type LocalWorkflows,
  type LocalWorkflowsOptions,
} from './create-local-workflows.js';
