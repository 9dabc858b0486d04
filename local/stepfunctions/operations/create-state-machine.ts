// CreateStateMachine: validates and stores a STANDARD state machine. Idempotent when the name and
// definition match an existing one (a different roleArn is ignored, as AWS documents).
import { requireValidName, stateMachineArn } from '../arns.js';
import { errors } from '../sfn-error.js';
import { requireRoleArn } from './lookup.js';
import { defineOperation, seconds } from './operation.js';

export interface CreateStateMachineInput {
  name: string;
  definition: string;
  roleArn: string;
  type?: 'STANDARD' | 'EXPRESS';
}

export const createStateMachine = defineOperation({
  input: {
    name: { type: 'string', required: true, min: 1, max: 80 },
    definition: { type: 'string', required: true, min: 1, max: 1_048_576 },
    roleArn: { type: 'string', required: true, min: 1, max: 256 },
    type: { type: 'string', enum: ['STANDARD', 'EXPRESS'] },
    loggingConfiguration: { type: 'object' },
    tracingConfiguration: { type: 'object' },
    encryptionConfiguration: { type: 'object' },
    tags: { type: 'list' },
    publish: { type: 'boolean' },
    versionDescription: { type: 'string', max: 256 },
  },
  run(ctx, input: CreateStateMachineInput) {
    requireValidName(input.name);
    requireRoleArn(input.roleArn);
    if (input.type === 'EXPRESS') {
      // Deliberate local difference: only STANDARD workflows (the ones this project deploys) run here.
      throw errors.stateMachineTypeNotSupported(
        'The local Step Functions service runs STANDARD state machines only',
      );
    }
    const arn = stateMachineArn(ctx.region, ctx.account, input.name);
    const existing = ctx.store.machine(arn);
    // An identical definition was validated when first stored; only a new one is compiled.
    if (existing && existing.definition === ctx.definitions.fill(input.definition)) {
      return { stateMachineArn: arn, creationDate: seconds(existing.creationDate) };
    }
    const { text, compiled } = ctx.definitions.prepare(input.definition);
    if (existing) throw errors.stateMachineAlreadyExists(arn);
    const machine = {
      arn,
      name: input.name,
      account: ctx.account,
      region: ctx.region,
      definition: text,
      roleArn: input.roleArn,
      type: 'STANDARD' as const,
      creationDate: ctx.now(),
      revision: 1,
    };
    ctx.store.putMachine(machine);
    ctx.definitions.remember(machine, compiled);
    return { stateMachineArn: arn, creationDate: seconds(machine.creationDate) };
  },
});
