// DescribeStateMachine: the stored definition (placeholders filled) and metadata.
import { requireMachine } from './lookup.js';
import { defineOperation, seconds } from './operation.js';

export const describeStateMachine = defineOperation({
  input: {
    stateMachineArn: { type: 'string', required: true, min: 1, max: 256 },
    includedData: { type: 'string', enum: ['ALL_DATA', 'METADATA_ONLY'] },
  },
  run(ctx, input: { stateMachineArn: string }) {
    const machine = requireMachine(ctx, input.stateMachineArn);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: machine.definition,
      roleArn: machine.roleArn,
      type: machine.type,
      creationDate: seconds(machine.creationDate),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
      revisionId: String(machine.revision),
    };
  },
});
