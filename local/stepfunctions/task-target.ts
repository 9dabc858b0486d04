// What a Task state's Resource names: a Lambda function by ARN, the optimised `lambda:invoke`
// integration (function named in Parameters.FunctionName), or some other resource.
import type { AnyState } from './walk-states.js';

export type TaskTarget = (
  | { kind: 'lambda'; resource: string; functionName: string }
  | { kind: 'lambda-invoke'; resource: string }
  | { kind: 'other'; resource: string }
) & {
  /** The state's fixed TimeoutSeconds, or the runner's default of 60 s. */
  timeoutSeconds: number;
};

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([^:]+)(:[^:]+)?$/;
const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke$/;

export function taskTargetOf(state: AnyState): TaskTarget {
  const resource = typeof state.Resource === 'string' ? state.Resource : '';
  const timeoutSeconds = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : 60;
  const lambda = LAMBDA_ARN.exec(resource);
  if (lambda) return { kind: 'lambda', resource, functionName: lambda[1]!, timeoutSeconds };
  if (LAMBDA_INVOKE.test(resource)) return { kind: 'lambda-invoke', resource, timeoutSeconds };
  return { kind: 'other', resource, timeoutSeconds };
}

/**
 * The function name inside any form Lambda accepts for FunctionName: a name, `name:qualifier`,
 * a partial ARN `123456789012:function:name[:qualifier]` or a full function ARN.
 */
export function functionNameOf(nameOrArn: string): string {
  const parts = nameOrArn.split(':');
  const at = parts.indexOf('function');
  if (at >= 0 && parts[at + 1]) return parts[at + 1]!;
  return parts[0] ?? nameOrArn;
}
