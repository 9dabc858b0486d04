// Runs executions on aws-local-stepfunctions: starts a run with the Task/Wait/Retry overrides,
// records its history, and settles the execution's status once the run and its event log end.
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError } from 'aws-local-stepfunctions';
import type { CompiledDefinition } from './compile-definition.js';
import { HistoryRecorder } from './history-recorder.js';
import { runOverrides } from './run-overrides.js';
import type { SfnStore } from './store.js';
import type { TaskHandlers } from './task-invoker.js';
import type { ExecutionRecord, ExecutionStatus, StateMachineRecord } from './types.js';

export interface RunnerDeps {
  store: SfnStore;
  taskHandlers: TaskHandlers;
  waitScale: number;
  now: () => number;
  log: (message: string) => void;
}

interface Running {
  abort: () => void;
  recorder: HistoryRecorder;
}

type Outcome = { ok: true; output: unknown } | { ok: false; error: unknown };

export class ExecutionRunner {
  private readonly running = new Map<string, Running>();
  private readonly waiters = new Map<string, Array<() => void>>();

  constructor(private readonly deps: RunnerDeps) {}

  get runningCount(): number {
    return this.running.size;
  }

  start(
    machine: StateMachineRecord,
    compiled: CompiledDefinition,
    execution: ExecutionRecord,
    input: unknown,
  ): void {
    const { store, now } = this.deps;
    const recorder = new HistoryRecorder(execution, now, () => store.executionChanged(execution));
    recorder.append('ExecutionStarted', {
      input: execution.input,
      inputDetails: { truncated: false },
      roleArn: machine.roleArn,
    });
    const overrides = runOverrides(compiled, this.deps.waitScale, {
      handlers: this.deps.taskHandlers,
      region: execution.region,
      account: execution.account,
      now,
      onInvoke: recorder.onInvoke,
    });
    const context = {
      Execution: { Id: execution.arn, Name: execution.name, RoleArn: machine.roleArn },
      StateMachine: { Id: machine.arn, Name: machine.name },
    };
    // The runner starts the first states synchronously inside run(), so the execution is
    // registered as running first.
    const running: Running = { abort: () => {}, recorder };
    this.running.set(execution.arn, running);
    let run: ReturnType<CompiledDefinition['machine']['run']>;
    try {
      run = compiled.machine.run(input as never, { overrides, context });
    } catch (error) {
      // Never leave an execution RUNNING because the runner refused to start it.
      this.settle(execution, { ok: false, error });
      return;
    }
    running.abort = run.abort;

    let outcome: Outcome | undefined;
    const result = run.result.then(
      (output) => {
        outcome = { ok: true, output };
      },
      (error: unknown) => {
        outcome = { ok: false, error };
      },
    );
    const drained = (async () => {
      for await (const event of run.eventLogs) {
        try {
          recorder.handle(event);
        } catch (error) {
          this.deps.log(`Step Functions service: history of ${execution.arn}: ${(error as Error).message}`);
        }
      }
    })();
    // Settle only after the event log has ended, so the closing event is always the last one.
    void Promise.allSettled([result, drained]).then(() => this.settle(execution, outcome));
  }

  /** Stops a running execution: ABORTED with the caller's error and cause. Returns false if closed. */
  stop(execution: ExecutionRecord, error: string | undefined, cause: string | undefined): boolean {
    const running = this.running.get(execution.arn);
    if (!running || execution.status !== 'RUNNING') return false;
    this.finish(execution, 'ABORTED', { error, cause }, 'ExecutionAborted', {
      ...(error !== undefined && { error }),
      ...(cause !== undefined && { cause }),
    });
    running.abort();
    return true;
  }

  stopAll(error: string, cause: string): void {
    for (const arn of [...this.running.keys()]) {
      const execution = this.deps.store.execution(arn);
      if (execution) this.stop(execution, error, cause);
    }
  }

  /** Resolves once the execution is closed (immediately if it already is). */
  whenClosed(execution: ExecutionRecord): Promise<void> {
    if (execution.status !== 'RUNNING') return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiters.get(execution.arn) ?? [];
      list.push(resolve);
      this.waiters.set(execution.arn, list);
    });
  }

  private settle(execution: ExecutionRecord, outcome: Outcome | undefined): void {
    if (execution.status !== 'RUNNING') return; // already stopped by StopExecution or close()
    if (outcome?.ok) {
      const output = JSON.stringify(outcome.output ?? null);
      this.finish(execution, 'SUCCEEDED', { output }, 'ExecutionSucceeded', {
        output,
        outputDetails: { truncated: false },
      });
      return;
    }
    const failure = outcome?.error;
    if (failure instanceof ExecutionTimeoutError) {
      const details = { error: 'States.Timeout', cause: 'The execution exceeded its TimeoutSeconds' };
      this.finish(execution, 'TIMED_OUT', details, 'ExecutionTimedOut', details);
      return;
    }
    if (failure instanceof ExecutionAbortedError) {
      this.finish(execution, 'ABORTED', {}, 'ExecutionAborted', {});
      return;
    }
    const details = failureDetails(failure);
    this.finish(execution, 'FAILED', details, 'ExecutionFailed', details);
  }

  private finish(
    execution: ExecutionRecord,
    status: ExecutionStatus,
    fields: { output?: string; error?: string | undefined; cause?: string | undefined },
    eventType: string,
    eventDetails: Record<string, unknown>,
  ): void {
    const running = this.running.get(execution.arn);
    this.running.delete(execution.arn);
    execution.status = status;
    execution.stopDate = this.deps.now();
    if (fields.output !== undefined) execution.output = fields.output;
    if (fields.error !== undefined) execution.error = fields.error;
    if (fields.cause !== undefined) execution.cause = fields.cause;
    running?.recorder.close(eventType, eventDetails);
    this.deps.store.executionChanged(execution);
    for (const resolve of this.waiters.get(execution.arn) ?? []) resolve();
    this.waiters.delete(execution.arn);
  }
}

/** Error and cause of a failed run: the state error that ended it (a Fail state's Error/Cause, a task's errorType). */
function failureDetails(failure: unknown): { error: string; cause: string } {
  const root = failure instanceof ExecutionError ? failure.cause : failure;
  if (root instanceof Error) return { error: root.name, cause: root.message };
  return { error: 'States.Runtime', cause: String(root) };
}
