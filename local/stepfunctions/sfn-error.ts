// Step Functions errors as data: the `__type` code AWS sends and its message, always HTTP 400.

export class SfnError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

// One constructor per AWS error the service reports; messages follow the wording AWS uses.
export const errors = {
  serialization: (message: string) => new SfnError('SerializationException', message),
  unknownOperation: (message = 'Unknown operation') => new SfnError('UnknownOperationException', message),
  validation: (message: string) => new SfnError('ValidationException', message),
  missingParameter: (message: string) => new SfnError('MissingRequiredParameter', message),
  invalidArn: (arn: string, reason = 'Unable to parse Arn') =>
    new SfnError('InvalidArn', `Invalid Arn: '${reason}: ${arn}'`),
  invalidName: (name: string) => new SfnError('InvalidName', `Invalid Name: '${name}'`),
  invalidDefinition: (reason: string) =>
    new SfnError('InvalidDefinition', `Invalid State Machine Definition: '${reason}'`),
  invalidExecutionInput: (reason: string) =>
    new SfnError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${reason}'`),
  invalidToken: (reason: string) => new SfnError('InvalidToken', `Invalid Token: '${reason}'`),
  stateMachineDoesNotExist: (arn: string) =>
    new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  stateMachineAlreadyExists: (arn: string) =>
    new SfnError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`),
  stateMachineTypeNotSupported: (message: string) => new SfnError('StateMachineTypeNotSupported', message),
  executionDoesNotExist: (arn: string) =>
    new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`),
  executionAlreadyExists: (arn: string) =>
    new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`),
  internal: () => new SfnError('InternalFailure', 'The request processing has failed.', 500),
};

export function isSfnError(error: unknown): error is SfnError {
  return error instanceof SfnError;
}
