// The public surface of the local Step Functions service, for the local stack and tests.
export {
  createStepFunctionsService,
  type ExecutionOutcome,
  SERVICE_RESTARTED_CAUSE,
  SERVICE_RESTARTED_ERROR,
  type StepFunctionsService,
} from './create-step-functions-service.js';
export type { StepFunctionsServiceOptions } from './options.js';
export { isSfnError, SfnError } from './sfn-error.js';
export { substitutePlaceholders, UnfilledPlaceholderError } from './substitute-placeholders.js';
export { TaskFailure, type TaskHandler, type TaskHandlers } from './task-invoker.js';
