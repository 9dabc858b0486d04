// StopExecution: a running execution becomes ABORTED with the given error and cause; stopping a
// closed execution changes nothing and returns its stop date.
import { requireExecution } from './lookup.js';
import { defineOperation, seconds } from './operation.js';

export const stopExecution = defineOperation({
  input: {
    executionArn: { type: 'string', required: true, min: 1, max: 256 },
    error: { type: 'string', max: 256 },
    cause: { type: 'string', max: 32_768 },
  },
  run(ctx, input: { executionArn: string; error?: string; cause?: string }) {
    const execution = requireExecution(ctx, input.executionArn);
    ctx.runner.stop(execution, input.error, input.cause);
    return { stopDate: seconds(execution.stopDate ?? ctx.now()) };
  },
});
