// DeleteStateMachine: removes the state machine; its executions stay readable and running ones
// run to the end (AWS also lets them finish).
import { requireStateMachineArn } from '../arns.js';
import { defineOperation } from './operation.js';

export const deleteStateMachine = defineOperation({
  input: { stateMachineArn: { type: 'string', required: true, min: 1, max: 256 } },
  run(ctx, input: { stateMachineArn: string }) {
    requireStateMachineArn(input.stateMachineArn);
    // Deleting one that does not exist succeeds, as on AWS.
    ctx.store.deleteMachine(input.stateMachineArn);
    ctx.definitions.forget(input.stateMachineArn);
    return {};
  },
});
