// The operations this service answers, keyed by the exact AWS operation name in X-Amz-Target.
import { createStateMachine } from './create-state-machine.js';
import { deleteStateMachine } from './delete-state-machine.js';
import { describeExecution } from './describe-execution.js';
import { describeStateMachine } from './describe-state-machine.js';
import { getExecutionHistory } from './get-execution-history.js';
import { listExecutions } from './list-executions.js';
import { listStateMachines } from './list-state-machines.js';
import type { Operation } from './operation.js';
import { startExecution } from './start-execution.js';
import { stopExecution } from './stop-execution.js';
import { updateStateMachine } from './update-state-machine.js';

// Each operation narrows its own input type; the dispatcher checks bodies against `input` first.
type AnyOperation = Operation<never, Record<string, unknown>>;

export const operations: Readonly<Record<string, AnyOperation>> = {
  CreateStateMachine: createStateMachine,
  DescribeStateMachine: describeStateMachine,
  ListStateMachines: listStateMachines,
  UpdateStateMachine: updateStateMachine,
  DeleteStateMachine: deleteStateMachine,
  StartExecution: startExecution,
  DescribeExecution: describeExecution,
  StopExecution: stopExecution,
  GetExecutionHistory: getExecutionHistory,
  ListExecutions: listExecutions,
};
