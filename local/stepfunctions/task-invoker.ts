// Runs a Task state's in-process handler the way Lambda and Step Functions would: a JSON copy of
// the event, a Lambda context, `{ Payload }` wrapping for `lambda:invoke`, and a thrown error turned
// into a task failure named by the error's `name` (Lambda's errorType), which Retry/Catch match on.
import type { Context } from 'aws-lambda';
import { lambdaContext } from './lambda-context.js';
import { functionNameOf, type TaskTarget } from './task-target.js';

// Method syntax makes the parameters bivariant, so `(event: MyEvent, context: Context) => ...`
// handlers (middy, typed task handlers) are accepted without casts.
interface TaskHandlerShape {
  handle(event: unknown, context: Context): unknown;
}
/** An in-process stand-in for a Lambda function: returns (or resolves to) the function's result. */
export type TaskHandler = TaskHandlerShape['handle'];
/** Handlers keyed by function name / logical id (`ReplicateRegionFunction`) or by full resource ARN. */
export type TaskHandlers = Readonly<Record<string, TaskHandler>>;

export type Settlement = { ok: true; output: unknown } | { ok: false; error: string; cause: string };

/** One call of a Task's resource; the history recorder reads it to write the Task events. */
export interface Invocation {
  stateName: string;
  target: TaskTarget;
  /** What was called: the function ARN, or the integration resource. */
  resource: string;
  /** The effective input (for `lambda:invoke`, the evaluated Parameters). */
  parameters: unknown;
  settled?: Settlement;
}

export interface InvokerEnv {
  handlers: TaskHandlers;
  region: string;
  account: string;
  now: () => number;
  /** Called synchronously when the runner calls the Task, before the handler starts. */
  onInvoke: (invocation: Invocation) => void;
}

/** A task failure as Lambda reports it: Error = errorType, Cause = the JSON error document. */
export class TaskFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

export function taskFailureOf(error: unknown): TaskFailure {
  if (error instanceof TaskFailure) return error;
  // The Lambda Node.js runtime reports errorType = error.name, errorMessage, and the stack as trace.
  const errorType = error instanceof Error ? error.name || 'Error' : typeof error;
  const errorMessage = error instanceof Error ? error.message : String(error);
  const trace = error instanceof Error ? (error.stack ?? '').split('\n') : [];
  return new TaskFailure(errorType, JSON.stringify({ errorType, errorMessage, trace }));
}

const failure = (errorType: string, errorMessage: string) =>
  new TaskFailure(errorType, JSON.stringify({ errorType, errorMessage, trace: [] }));

/** The override aws-local-stepfunctions calls for one Task state (it passes the effective input). */
export function taskOverride(stateName: string, target: TaskTarget, env: InvokerEnv) {
  return (input: unknown): Promise<unknown> => {
    const functionName = functionOf(target, input);
    const resource =
      target.kind === 'lambda-invoke' ? target.resource : functionArn(functionName, target, env);
    const invocation: Invocation = { stateName, target, resource, parameters: input };
    env.onInvoke(invocation);
    return invoke(invocation, functionName, env).then(
      (output) => {
        invocation.settled = { ok: true, output };
        return output;
      },
      (error: unknown) => {
        const taskFailure = taskFailureOf(error);
        invocation.settled = { ok: false, error: taskFailure.name, cause: taskFailure.message };
        throw taskFailure;
      },
    );
  };
}

async function invoke(
  invocation: Invocation,
  functionName: string | undefined,
  env: InvokerEnv,
): Promise<unknown> {
  const { target } = invocation;
  if (target.kind === 'lambda-invoke' && functionName === undefined) {
    throw failure('States.Runtime', 'lambda:invoke needs Parameters.FunctionName');
  }
  const key = functionName ?? target.resource;
  const handler = findHandler(env.handlers, key, target.resource);
  if (!handler) {
    throw target.kind === 'other'
      ? failure('Local.NoTaskHandler', `No local task handler for resource ${target.resource}`)
      : failure(
          'Lambda.ResourceNotFoundException',
          `Function not found: ${invocation.resource} (no local task handler named ${key})`,
        );
  }
  const event = target.kind === 'lambda-invoke' ? payloadOf(invocation.parameters) : invocation.parameters;
  const context = lambdaContext({
    functionName: key,
    invokedFunctionArn: invocation.resource,
    timeoutMs: target.timeoutSeconds * 1000,
    now: env.now,
  });
  // Lambda sees a serialised copy of the event and returns a serialised result; so do we.
  const result = await handler(event === undefined ? {} : jsonCopy(event), context);
  let output: unknown;
  try {
    output = jsonCopy(result) ?? null;
  } catch (error) {
    throw failure('Runtime.MarshalError', `Unable to marshal response: ${(error as Error).message}`);
  }
  if (target.kind !== 'lambda-invoke') return output;
  // The optimised integration wraps the function's result in Invoke's response (connect-lambda docs).
  return {
    ExecutedVersion: '$LATEST',
    Payload: output,
    SdkHttpMetadata: { HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: context.awsRequestId },
    StatusCode: 200,
  };
}

function functionOf(target: TaskTarget, input: unknown): string | undefined {
  if (target.kind === 'lambda') return target.functionName;
  if (target.kind === 'other') return undefined;
  const name = (input as { FunctionName?: unknown } | null)?.FunctionName;
  return typeof name === 'string' && name.length > 0 ? functionNameOf(name) : undefined;
}

function functionArn(functionName: string | undefined, target: TaskTarget, env: InvokerEnv): string {
  if (target.kind === 'lambda' || functionName === undefined) return target.resource;
  return `arn:aws:lambda:${env.region}:${env.account}:function:${functionName}`;
}

/** Exact name, then the resource ARN, then a SAM-generated name `<stack>-<LogicalId>-<suffix>`. */
function findHandler(handlers: TaskHandlers, name: string, resource: string): TaskHandler | undefined {
  if (Object.hasOwn(handlers, name)) return handlers[name];
  if (Object.hasOwn(handlers, resource)) return handlers[resource];
  const generated = Object.keys(handlers).find((key) =>
    new RegExp(`^.+-${escapeRegExp(key)}-[A-Za-z0-9]+$`).test(name),
  );
  return generated === undefined ? undefined : handlers[generated];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function payloadOf(parameters: unknown): unknown {
  // Without Payload, Invoke sends an empty payload, which the function receives as {}.
  return (parameters as { Payload?: unknown } | null)?.Payload ?? {};
}

function jsonCopy(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}
