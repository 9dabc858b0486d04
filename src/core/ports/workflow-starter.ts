// WorkflowStarter: starts the Step Functions workflow that carries out an operation.

/** The state machines of ARCHITECTURE section 6 (file statemachines/<name>.asl.json); delete-replica
 * schedules single replicas, so the API itself never calls ScheduleKeyDeletion. */
export type WorkflowName =
  | 'provision-key'
  | 'replicate-key'
  | 'sync-properties'
  | 'update-primary-region'
  | 'rotate-key'
  | 'delete-key'
  | 'delete-replica'
  | 'cancel-key-deletion';

export const WORKFLOW_NAMES: readonly WorkflowName[] = [
  'provision-key',
  'replicate-key',
  'sync-properties',
  'update-primary-region',
  'rotate-key',
  'delete-key',
  'delete-replica',
  'cancel-key-deletion',
];

/** Every workflow input names the operation (already stored) and its key set; the rest is per workflow. */
export interface WorkflowInput {
  readonly operationId: string;
  readonly keyId: string;
  readonly [parameter: string]: unknown;
}

export interface WorkflowStarter {
  /**
   * Starts `workflow` for `input.operationId`. Idempotent: the execution is named after the
   * operation, so starting the same operation twice with the same input returns the first
   * execution; with a different input it is a ConflictError.
   */
  start(workflow: WorkflowName, input: WorkflowInput): Promise<{ readonly executionArn: string }>;
}
