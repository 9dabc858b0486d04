// Wiring for the local stack: the task handlers, placeholder values and definitions of every workflow,
// so the local Step Functions service can register all machines in one call.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { buildDriftDeps, type DriftDepsOverrides } from '../../src/app/drift/build-drift-deps.js';
import { DEFAULT_DRIFT_SETTINGS, type DriftDeps } from '../../src/app/drift/drift-deps.js';
import { recordingDriftMetrics } from '../../src/app/drift/drift-metrics.js';
import { DRIFT_FUNCTION_NAME, driftTask } from '../../src/app/drift/drift-task.js';
import { buildTaskDeps, type TaskDepsOverrides } from '../../src/app/tasks/build-task-deps.js';
import type { TaskDeps } from '../../src/app/tasks/task-deps.js';
import { createTaskHandlers, taskFunctionArns } from '../../src/app/tasks/task-functions.js';
import { WORKFLOW_NAMES, type WorkflowName } from '../../src/core/ports/workflow-starter.js';
import { LazyWorkflowStarter } from './lazy-workflow-starter.js';

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
  /** The drift scan: Regions it scans for unmanaged keys and reconciles, and its tuning. */
  readonly drift?: {
    readonly allowedRegions?: readonly string[];
    /** Share of each KMS quota the scan uses (default 1: the emulator's quotas are off unless asked). */
    readonly quotaFraction?: number;
    readonly overrides?: Omit<DriftDepsOverrides, 'credentials' | 'clock'>;
  };
}

/** The drift-scan machine (statemachines/drift-scan.asl.json): not an operation workflow, so not in WORKFLOW_NAMES. */
export const DRIFT_SCAN_WORKFLOW = 'drift-scan';
export const DEFAULT_DRIFT_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'] as const;

export interface LocalWorkflows {
  /** For StepFunctionsServiceOptions.taskHandlers: keyed by function logical id. */
  readonly taskHandlers: Record<string, (event: unknown) => Promise<unknown>>;
  /** For StepFunctionsServiceOptions.substitutions: `<LogicalId>Arn` -> a function ARN of that name. */
  readonly substitutions: Record<string, string>;
  /** Definition text (placeholders unfilled) by workflow name, which is also the state machine name. */
  readonly definitions: Readonly<Record<WorkflowName, string>>;
  /** The ports the handlers use (tests seed key sets and operations through them). */
  readonly deps: TaskDeps;
  /** The drift scan's ports (rate-limited KMS, CloudTrail on the KMS emulator's port, remediation starter). */
  readonly driftDeps: DriftDeps;
  /** The drift-scan definition text (placeholders unfilled). */
  readonly driftDefinition: string;
  /**
   * Registers every workflow, and the drift-scan machine, with a service that has `registerStateMachine`
   * (returns name -> ARN). With the service's `server`, drift remediation can start workflows on it.
   */
  register(service: {
    registerStateMachine(
      name: string,
      definition: string,
      options?: { region?: string },
    ): { stateMachineArn: string };
    readonly server?: Server;
  }): Record<WorkflowName | typeof DRIFT_SCAN_WORKFLOW, string>;
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
  const credentials = options.credentials ?? LOCAL_CREDENTIALS;
  const starter = new LazyWorkflowStarter(region, credentials);
  const driftDeps = buildDriftDeps(
    {
      base: {
        region,
        keysTableName: options.tableName,
        allowedRegions: options.drift?.allowedRegions ?? DEFAULT_DRIFT_REGIONS,
        stateMachineArnPrefix: undefined,
        jwt: { issuer: undefined, audience: undefined, jwksUrl: undefined },
        endpoints: { kms: options.kmsEndpoint, dynamodb: options.dynamoEndpoint, stepFunctions: undefined },
        logLevel: 'WARN',
      },
      settings: { ...DEFAULT_DRIFT_SETTINGS },
      quotaFraction: options.drift?.quotaFraction ?? 1,
      // "Behind one port": the emulator answers CloudTrail LookupEvents from its own event log.
      cloudTrailEndpoint: options.kmsEndpoint,
    },
    {
      credentials,
      workflows: starter,
      metrics: recordingDriftMetrics(),
      ...(options.clock !== undefined && { clock: options.clock }),
      ...options.drift?.overrides,
    },
  );
  const account = options.account ?? '123456789012';
  const driftDefinition = readFileSync(`${dir}/${DRIFT_SCAN_WORKFLOW}.asl.json`, 'utf8');
  return {
    taskHandlers: {
      ...createTaskHandlers(deps),
      [DRIFT_FUNCTION_NAME]: (event: unknown) => driftTask(driftDeps, event),
    },
    substitutions: {
      ...taskFunctionArns(region, account),
      [`${DRIFT_FUNCTION_NAME}Arn`]: `arn:aws:lambda:${region}:${account}:function:${DRIFT_FUNCTION_NAME}`,
    },
    definitions,
    deps,
    driftDeps,
    driftDefinition,
    register(service) {
      const arns = Object.fromEntries(
        WORKFLOW_NAMES.map((name) => [
          name,
          service.registerStateMachine(name, definitions[name], { region }).stateMachineArn,
        ]),
      ) as Record<WorkflowName | typeof DRIFT_SCAN_WORKFLOW, string>;
      arns[DRIFT_SCAN_WORKFLOW] = service.registerStateMachine(DRIFT_SCAN_WORKFLOW, driftDefinition, {
        region,
      }).stateMachineArn;
      if (service.server !== undefined) starter.bind(service.server, arns);
      return arns;
    },
  };
}
