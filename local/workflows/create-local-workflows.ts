// Wiring for the local stack: the task handlers, placeholder values and definitions of every workflow,
// so the local Step Functions service can register all machines in one call.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildTaskDeps, type TaskDepsOverrides } from '../../src/app/tasks/build-task-deps.js';
import type { TaskDeps } from '../../src/app/tasks/task-deps.js';
import { createTaskHandlers, taskFunctionArns } from '../../src/app/tasks/task-functions.js';
import { WORKFLOW_NAMES, type WorkflowName } from '../../src/core/ports/workflow-starter.js';

export interface LocalWorkflowsOptions {
  readonly kmsEndpoint: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  /** The control plane's Region (audit writer Region, DynamoDB client Region). Default us-east-1. */
  readonly region?: string;
  /** The account in the function ARNs; match the Step Functions service's. Default 123456789012. */
  readonly account?: string;
  /** Credentials for the local KMS and DynamoDB (any pair works there). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** SDK attempts per KMS call (SDK default 3). A task makes many calls, so per-call retries keep a
   * throttled Region's task from failing as a whole; the state machines' Retry covers the rest. */
  readonly kmsMaxAttempts?: number;
  readonly clock?: TaskDepsOverrides['clock'];
  readonly settings?: TaskDepsOverrides['settings'];
  /** Where the *.asl.json files are. Default: the repository's statemachines/. */
  readonly definitionsDir?: string;
}

export interface LocalWorkflows {
  /** For StepFunctionsServiceOptions.taskHandlers: keyed by function logical id. */
  readonly taskHandlers: Record<string, (event: unknown) => Promise<unknown>>;
  /** For StepFunctionsServiceOptions.substitutions: `<LogicalId>Arn` -> a function ARN of that name. */
  readonly substitutions: Record<string, string>;
  /** Definition text (placeholders unfilled) by workflow name, which is also the state machine name. */
  readonly definitions: Readonly<Record<WorkflowName, string>>;
  /** The ports the handlers use (tests seed key sets and operations through them). */
  readonly deps: TaskDeps;
  /** Registers every workflow with a service that has `registerStateMachine` (returns name -> ARN). */
  register(service: {
    registerStateMachine(
      name: string,
      definition: string,
      options?: { region?: string },
    ): { stateMachineArn: string };
  }): Record<WorkflowName, string>;
}

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
const DEFAULT_DIR = fileURLToPath(new URL('../../statemachines/', import.meta.url));

export function createLocalWorkflows(options: LocalWorkflowsOptions): LocalWorkflows {
  const region = options.region ?? 'us-east-1';
  const deps = buildTaskDeps(
    {
      region,
      keysTableName: options.tableName,
      endpoints: { kms: options.kmsEndpoint, dynamodb: options.dynamoEndpoint, stepFunctions: undefined },
    },
    {
      credentials: options.credentials ?? LOCAL_CREDENTIALS,
      ...(options.kmsMaxAttempts !== undefined && { kmsMaxAttempts: options.kmsMaxAttempts }),
      ...(options.clock !== undefined && { clock: options.clock }),
      ...(options.settings !== undefined && { settings: options.settings }),
    },
  );
  const dir = options.definitionsDir ?? DEFAULT_DIR;
  const definitions = Object.fromEntries(
    WORKFLOW_NAMES.map((name) => [name, readFileSync(`${dir}/${name}.asl.json`, 'utf8')]),
  ) as Record<WorkflowName, string>;
  return {
    taskHandlers: createTaskHandlers(deps),
    substitutions: taskFunctionArns(region, options.account ?? '123456789012'),
    definitions,
    deps,
    register(service) {
      return Object.fromEntries(
        WORKFLOW_NAMES.map((name) => [
          name,
          service.registerStateMachine(name, definitions[name], { region }).stateMachineArn,
        ]),
      ) as Record<WorkflowName, string>;
    },
  };
}
