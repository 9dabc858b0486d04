// The records the service keeps: state machines, executions and their AWS-shaped history events.

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface StateMachineRecord {
  arn: string;
  name: string;
  account: string;
  region: string;
  /** The definition after placeholder substitution, exactly as DescribeStateMachine returns it. */
  definition: string;
  roleArn: string;
  type: 'STANDARD';
  creationDate: number;
  updateDate?: number;
  /** Increases on every definition or role change; running executions keep the revision they began with. */
  revision: number;
}

/** One history event as GetExecutionHistory returns it, with the timestamp in epoch ms. */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [detailsKey: string]: unknown;
}

export interface ExecutionRecord {
  arn: string;
  name: string;
  stateMachineArn: string;
  account: string;
  region: string;
  /** Orders ListExecutions (newest first) and makes its paging stable when executions are added. */
  seq: number;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate?: number;
  history: HistoryEvent[];
}

export const isClosed = (execution: ExecutionRecord): boolean => execution.status !== 'RUNNING';
