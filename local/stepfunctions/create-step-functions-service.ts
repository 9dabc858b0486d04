// The entry: createStepFunctionsService(options) returns a plain http.Server speaking the Step
// Functions JSON 1.0 protocol, plus in-process handles (register machines, await executions, close).
import { createServer, type Server } from 'node:http';
import { stateMachineArn } from './arns.js';
import { Definitions } from './definitions.js';
import { ExecutionRunner } from './execution-runner.js';
import { HistoryRecorder } from './history-recorder.js';
import { createRequestListener } from './http-handler.js';
import { createStateMachine } from './operations/create-state-machine.js';
import type { OperationContext } from './operations/operation.js';
import { updateStateMachine } from './operations/update-state-machine.js';
import { resolveOptions, type StepFunctionsServiceOptions } from './options.js';
import { Persistence } from './persistence.js';
import { errors } from './sfn-error.js';
import { SfnStore } from './store.js';
import type { ExecutionRecord, ExecutionStatus } from './types.js';

/** Error and cause of an execution that was running when the service stopped. */
export const SERVICE_RESTARTED_ERROR = 'Local.ServiceRestarted';
export const SERVICE_RESTARTED_CAUSE =
  'The local Step Functions service stopped while this execution was running';
const LOCAL_ROLE_ARN = 'arn:aws:iam::123456789012:role/LocalStepFunctionsRole';

export interface ExecutionOutcome {
  executionArn: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

export interface StepFunctionsService {
  server: Server;
  /** Creates the state machine, or updates its definition if it differs. Throws SfnError (InvalidDefinition...). */
  registerStateMachine(
    name: string,
    definition: string,
    options?: { region?: string; roleArn?: string },
  ): { stateMachineArn: string; status: 'created' | 'updated' | 'unchanged' };
  /** Resolves when the execution is no longer RUNNING. Throws SfnError ExecutionDoesNotExist. */
  waitForExecution(executionArn: string): Promise<ExecutionOutcome>;
  /** Writes pending changes to the data directory now (no-op in memory). */
  flush(): void;
  /** Aborts running executions (Local.ServiceRestarted), writes everything, closes the server. */
  close(): Promise<void>;
}

export function createStepFunctionsService(options: StepFunctionsServiceOptions = {}): StepFunctionsService {
  const resolved = resolveOptions(options);
  const { now, log } = resolved;
  const persistence = resolved.dataDir === undefined ? undefined : new Persistence(resolved.dataDir, log);
  const store = new SfnStore(persistence);
  if (persistence) recover(store, persistence, now);
  const definitions = new Definitions(resolved.substitutions);
  const runner = new ExecutionRunner({
    store,
    taskHandlers: resolved.taskHandlers,
    waitScale: resolved.waitScale,
    now,
    log,
  });
  const contextFor = (region: string): OperationContext => ({
    region,
    account: resolved.account,
    store,
    runner,
    definitions,
    now,
  });
  const server = createServer(
    createRequestListener({ contextFor, defaultRegion: resolved.defaultRegion, log }),
  );

  return {
    server,
    registerStateMachine(
      name,
      definition,
      { region = resolved.defaultRegion, roleArn = LOCAL_ROLE_ARN } = {},
    ) {
      const ctx = contextFor(region);
      const arn = stateMachineArn(region, resolved.account, name);
      const existing = store.machine(arn);
      if (!existing) {
        createStateMachine.run(ctx, { name, definition, roleArn });
        return { stateMachineArn: arn, status: 'created' };
      }
      if (existing.definition === definitions.fill(definition))
        return { stateMachineArn: arn, status: 'unchanged' };
      updateStateMachine.run(ctx, { stateMachineArn: arn, definition });
      return { stateMachineArn: arn, status: 'updated' };
    },
    async waitForExecution(executionArn) {
      const execution = store.execution(executionArn);
      if (!execution) throw errors.executionDoesNotExist(executionArn);
      await runner.whenClosed(execution);
      return outcomeOf(execution);
    },
    flush: () => store.flush(),
    async close() {
      runner.stopAll(SERVICE_RESTARTED_ERROR, SERVICE_RESTARTED_CAUSE);
      store.flush();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Executions that were RUNNING when the process died are closed as ABORTED, never left running. */
function recover(store: SfnStore, persistence: Persistence, now: () => number): void {
  const { machines, executions } = persistence.load();
  store.restore(machines, executions);
  for (const execution of executions) {
    if (execution.status !== 'RUNNING') continue;
    execution.status = 'ABORTED';
    execution.error = SERVICE_RESTARTED_ERROR;
    execution.cause = SERVICE_RESTARTED_CAUSE;
    execution.stopDate = now();
    new HistoryRecorder(execution, now, () => {}).close('ExecutionAborted', {
      error: SERVICE_RESTARTED_ERROR,
      cause: SERVICE_RESTARTED_CAUSE,
    });
    store.executionChanged(execution);
  }
}

function outcomeOf(execution: ExecutionRecord): ExecutionOutcome {
  return {
    executionArn: execution.arn,
    status: execution.status,
    input: execution.input,
    ...(execution.output !== undefined && { output: execution.output }),
    ...(execution.error !== undefined && { error: execution.error }),
    ...(execution.cause !== undefined && { cause: execution.cause }),
  };
}
