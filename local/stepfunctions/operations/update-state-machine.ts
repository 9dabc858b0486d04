// UpdateStateMachine: replaces the definition and/or role; running executions keep the revision
// they started with, as on AWS.
import { errors } from '../sfn-error.js';
import { requireMachine, requireRoleArn } from './lookup.js';
import { defineOperation, seconds } from './operation.js';

export const updateStateMachine = defineOperation({
  input: {
    stateMachineArn: { type: 'string', required: true, min: 1, max: 256 },
    definition: { type: 'string', min: 1, max: 1_048_576 },
    roleArn: { type: 'string', min: 1, max: 256 },
    loggingConfiguration: { type: 'object' },
    tracingConfiguration: { type: 'object' },
    encryptionConfiguration: { type: 'object' },
    publish: { type: 'boolean' },
    versionDescription: { type: 'string', max: 256 },
  },
  run(ctx, input: { stateMachineArn: string; definition?: string; roleArn?: string }) {
    const machine = requireMachine(ctx, input.stateMachineArn);
    if (input.definition === undefined && input.roleArn === undefined) {
      throw errors.missingParameter(
        'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
      );
    }
    if (input.roleArn !== undefined) requireRoleArn(input.roleArn);
    const prepared = input.definition === undefined ? undefined : ctx.definitions.prepare(input.definition);
    const updated = {
      ...machine,
      ...(prepared && { definition: prepared.text }),
      ...(input.roleArn !== undefined && { roleArn: input.roleArn }),
      updateDate: ctx.now(),
      revision: machine.revision + 1,
    };
    ctx.store.putMachine(updated);
    if (prepared) ctx.definitions.remember(updated, prepared.compiled);
    return { updateDate: seconds(updated.updateDate), revisionId: String(updated.revision) };
  },
});
