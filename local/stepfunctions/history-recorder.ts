// Writes an execution's AWS-shaped history from the runner's event log, adding the Task events
// (TaskScheduled/Started/Succeeded/Failed, or LambdaFunction* for a Lambda ARN resource, as AWS
// does) from the invocations the task overrides report.
import type { StateMachine } from 'aws-local-stepfunctions';
import type { Invocation } from './task-invoker.js';
import type { ExecutionRecord, HistoryEvent } from './types.js';

type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
type StateData = { name: string; type: string; input?: unknown; output?: unknown };

const json = (value: unknown): string => JSON.stringify(value ?? null);
const notTruncated = { truncated: false };

export class HistoryRecorder {
  /** Invocations not yet tied to a state entry, per state name, in call order. */
  private readonly unclaimed = new Map<string, Invocation[]>();
  /**
   * Invocations tied to a running state, per state name + Map iteration index. Nested Maps report
   * only the outer index, so one key can hold several; they are told apart by their input.
   */
  private readonly claimed = new Map<string, Invocation[]>();
  private readonly failedStates = new Set<string>();
  private closed = false;

  constructor(
    private readonly execution: ExecutionRecord,
    private readonly now: () => number,
    private readonly onChange: () => void,
  ) {}

  /** The runner calls a Task synchronously right after its StateEntered/StateRetried event. */
  readonly onInvoke = (invocation: Invocation): void => {
    const queue = this.unclaimed.get(invocation.stateName) ?? [];
    queue.push(invocation);
    this.unclaimed.set(invocation.stateName, queue);
  };

  append(type: string, details?: Record<string, unknown>): HistoryEvent | undefined {
    if (this.closed) return undefined;
    const history = this.execution.history;
    const id = history.length + 1;
    const event: HistoryEvent = { id, previousEventId: id - 1, timestamp: this.now(), type };
    if (details) event[detailsKeyOf(type)] = details;
    history.push(event);
    this.onChange();
    return event;
  }

  /** Appends the closing event; nothing the runner still reports afterwards is recorded. */
  close(type: string, details?: Record<string, unknown>): void {
    this.append(type, details);
    this.closed = true;
  }

  handle(event: EventLog): void {
    if (this.closed) return;
    const index = 'index' in event ? event.index : undefined;
    switch (event.type) {
      case 'StateEntered':
        this.entered(event.state, index);
        return;
      case 'StateExited':
        this.exited(event.state, index);
        return;
      case 'StateFailed':
        this.failed(event.state, index, event.Error, event.Cause);
        return;
      case 'StateRetried':
        if (event.state.type === 'Task') this.scheduled(event.state.name, index);
        return;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        this.append(event.type, { name: event.parentState.name, index: event.index });
        return;
      default:
        // Execution events are written by the runner; branch and catch events have no AWS equivalent.
        return;
    }
  }

  private entered(state: StateData, index: number | undefined): void {
    this.append(`${state.type}StateEntered`, {
      name: state.name,
      input: json(state.input),
      inputDetails: notTruncated,
    });
    if (state.type === 'Task') this.scheduled(state.name, index);
    if (state.type === 'Parallel') this.append('ParallelStateStarted');
  }

  private exited(state: StateData, index: number | undefined): void {
    const key = keyOf(state.name, index);
    const failedBefore = this.failedStates.delete(key);
    if (state.type === 'Task') {
      const invocation = this.takeClaimed(key, state.input);
      if (invocation?.settled?.ok)
        this.taskEvent(invocation, 'Succeeded', {
          output: json(invocation.settled.output),
          outputDetails: notTruncated,
        });
    }
    if (!failedBefore && (state.type === 'Map' || state.type === 'Parallel'))
      this.append(`${state.type}StateSucceeded`);
    this.append(`${state.type}StateExited`, {
      name: state.name,
      output: json(state.output),
      outputDetails: notTruncated,
    });
  }

  private failed(state: StateData, index: number | undefined, error: string, cause: unknown): void {
    const key = keyOf(state.name, index);
    this.failedStates.add(key);
    if (state.type === 'Map' || state.type === 'Parallel') this.append(`${state.type}StateFailed`);
    if (state.type !== 'Task') return;
    const invocation = this.takeClaimed(key, state.input);
    if (!invocation) return; // failed before the task was called (input processing)
    const causeText = typeof cause === 'string' ? cause : json(cause);
    if (error === 'States.Timeout') this.taskEvent(invocation, 'TimedOut', { error, cause: causeText });
    else if (invocation.settled && !invocation.settled.ok) {
      this.taskEvent(invocation, 'Failed', {
        error: invocation.settled.error,
        cause: invocation.settled.cause,
      });
    } else this.taskEvent(invocation, 'Failed', { error, cause: causeText });
  }

  private scheduled(stateName: string, index: number | undefined): void {
    const invocation = this.unclaimed.get(stateName)?.shift();
    if (!invocation) return;
    const key = keyOf(stateName, index);
    this.claimed.set(key, [...(this.claimed.get(key) ?? []), invocation]);
    const { target } = invocation;
    if (target.kind === 'lambda') {
      this.append('LambdaFunctionScheduled', {
        resource: invocation.resource,
        input: json(invocation.parameters),
        inputDetails: notTruncated,
        timeoutInSeconds: target.timeoutSeconds,
      });
      this.append('LambdaFunctionStarted');
      return;
    }
    const { resourceType, resource } = resourceParts(target.resource);
    this.append('TaskScheduled', {
      resourceType,
      resource,
      region: this.execution.region,
      parameters: json(invocation.parameters),
      timeoutInSeconds: target.timeoutSeconds,
    });
    this.append('TaskStarted', { resourceType, resource });
  }

  private taskEvent(
    invocation: Invocation,
    outcome: 'Succeeded' | 'Failed' | 'TimedOut',
    details: Record<string, unknown>,
  ) {
    if (invocation.target.kind === 'lambda') this.append(`LambdaFunction${outcome}`, details);
    else this.append(`Task${outcome}`, { ...resourceParts(invocation.target.resource), ...details });
  }

  private takeClaimed(key: string, stateInput: unknown): Invocation | undefined {
    const list = this.claimed.get(key);
    if (!list || list.length === 0) return undefined;
    const input = json(stateInput);
    const at =
      list.length === 1
        ? 0
        : Math.max(
            0,
            list.findIndex((i) => json(i.parameters) === input),
          );
    const [invocation] = list.splice(at, 1);
    if (list.length === 0) this.claimed.delete(key);
    return invocation;
  }
}

/** AWS shares one details field among all `<Type>StateEntered` (and `...StateExited`) events. */
function detailsKeyOf(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

const keyOf = (stateName: string, index: number | undefined) => `${stateName}\u0000${index ?? ''}`;

/** `arn:aws:states:::lambda:invoke` -> resourceType `lambda`, resource `invoke`, as AWS reports them. */
function resourceParts(arn: string): { resourceType: string; resource: string } {
  const parts = arn.split(':');
  return { resourceType: parts[5] ?? arn, resource: parts.slice(6).join(':') || arn };
}
