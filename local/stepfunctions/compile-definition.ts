// Turns definition text into what executions need: a validated aws-local-stepfunctions machine and
// the per-state facts (Task targets, Wait durations, Retry intervals) its overrides are built from.
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { errors } from './sfn-error.js';
import { type TaskTarget, taskTargetOf } from './task-target.js';
import { type AnyState, walkStates } from './walk-states.js';

export interface WaitStatePlan {
  /** Fixed seconds, when the state says `Seconds`. */
  seconds?: number;
  /** Fixed instant, when the state says `Timestamp`. */
  timestamp?: string;
}

export interface CompiledDefinition {
  machine: StateMachine;
  tasks: Map<string, TaskTarget>;
  waits: Map<string, WaitStatePlan>;
  /** Per retryable state, each retrier's IntervalSeconds (default 1), in order. */
  retryIntervals: Map<string, number[]>;
}

export function compileDefinition(text: string): CompiledDefinition {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    throw errors.invalidDefinition(`Cannot parse definition as JSON: ${(error as Error).message}`);
  }
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    throw errors.invalidDefinition('The definition must be a JSON object');
  }
  let machine: StateMachine;
  // asl-validator also refuses a state name used twice anywhere (DUPLICATE_STATE_NAMES), which the
  // overrides rely on: the runner keys them by state name across nested Maps and branches.
  try {
    machine = new StateMachine(definition as StateMachineDefinition, {
      validationOptions: { checkArn: true, checkPaths: true },
    });
  } catch (error) {
    throw errors.invalidDefinition((error as Error).message.replace(/\s+/g, ' ').trim());
  }
  const compiled: CompiledDefinition = {
    machine,
    tasks: new Map(),
    waits: new Map(),
    retryIntervals: new Map(),
  };
  walkStates(definition, (name, state) => planState(compiled, name, state));
  return compiled;
}

function planState(compiled: CompiledDefinition, name: string, state: AnyState): void {
  if (state.Type === 'Task') compiled.tasks.set(name, taskTargetOf(state));
  if (state.Type === 'Wait') {
    compiled.waits.set(name, {
      ...(typeof state.Seconds === 'number' && { seconds: state.Seconds }),
      ...(typeof state.Timestamp === 'string' && { timestamp: state.Timestamp }),
    });
  }
  if (Array.isArray(state.Retry)) {
    compiled.retryIntervals.set(
      name,
      state.Retry.map((retrier: { IntervalSeconds?: unknown }) =>
        typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1,
      ),
    );
  }
}
