// DescribeExecution: status, input, and output or error/cause once closed.
import type { ExecutionRecord } from '../types.js';
import { requireExecution } from './lookup.js';
import { defineOperation, seconds } from './operation.js';

/** The fields ListExecutions gives per execution; DescribeExecution starts with the same ones. */
export function executionSummary(execution: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: execution.arn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: seconds(execution.startDate),
    ...(execution.stopDate !== undefined && { stopDate: seconds(execution.stopDate) }),
  };
}

export function describe(execution: ExecutionRecord): Record<string, unknown> {
  return {
    ...executionSummary(execution),
    input: execution.input,
    inputDetails: { included: true },
    ...(execution.output !== undefined && { output: execution.output, outputDetails: { included: true } }),
    ...(execution.error !== undefined && { error: execution.error }),
    ...(execution.cause !== undefined && { cause: execution.cause }),
  };
}

export const describeExecution = defineOperation({
  input: {
    executionArn: { type: 'string', required: true, min: 1, max: 256 },
    includedData: { type: 'string', enum: ['ALL_DATA', 'METADATA_ONLY'] },
  },
  run(ctx, input: { executionArn: string }) {
    return describe(requireExecution(ctx, input.executionArn));
  },
});
