// What an operation sees (never HTTP) and what it is: an input shape plus run(ctx, input).
import type { Definitions } from '../definitions.js';
import type { ExecutionRunner } from '../execution-runner.js';
import type { InputShape } from '../input-shape.js';
import type { SfnStore } from '../store.js';

export interface OperationContext {
  /** From the SigV4 credential scope of the request. */
  region: string;
  account: string;
  store: SfnStore;
  runner: ExecutionRunner;
  definitions: Definitions;
  now: () => number;
}

export interface Operation<Input = Record<string, unknown>, Output = Record<string, unknown>> {
  input: InputShape;
  run(ctx: OperationContext, input: Input): Output;
}

/** Declares an operation with a typed input; the dispatcher checks the body against `input` first. */
export function defineOperation<Input, Output extends Record<string, unknown>>(
  operation: Operation<Input, Output>,
): Operation<Input, Output> {
  return operation;
}

/** Epoch ms -> the epoch-seconds number AWS JSON protocols use for timestamps. */
export const seconds = (ms: number): number => ms / 1000;
