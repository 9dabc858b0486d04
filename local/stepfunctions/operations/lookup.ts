// The one funnel from an ARN in a request to a record: shape checked first (InvalidArn), then
// existence (StateMachineDoesNotExist / ExecutionDoesNotExist), as AWS reports them.
import { requireExecutionArn, requireStateMachineArn } from '../arns.js';
import { errors } from '../sfn-error.js';
import type { ExecutionRecord, StateMachineRecord } from '../types.js';
import type { OperationContext } from './operation.js';

export function requireMachine(ctx: OperationContext, arn: string): StateMachineRecord {
  requireStateMachineArn(arn);
  const machine = ctx.store.machine(arn);
  if (!machine) throw errors.stateMachineDoesNotExist(arn);
  return machine;
}

export function requireExecution(ctx: OperationContext, arn: string): ExecutionRecord {
  requireExecutionArn(arn);
  const execution = ctx.store.execution(arn);
  if (!execution) throw errors.executionDoesNotExist(arn);
  return execution;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/;

export function requireRoleArn(arn: string): void {
  if (!ROLE_ARN.test(arn)) throw errors.invalidArn(arn, 'Not a valid IAM role ARN');
}
