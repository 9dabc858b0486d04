// SfnWorkflowStarter: the WorkflowStarter port over @aws-sdk/client-sfn StartExecution.
import { SFNClient, type SFNClientConfig, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ConflictError, DependencyError, ThrottledError } from '../../../core/errors.js';
import type { WorkflowInput, WorkflowName, WorkflowStarter } from '../../../core/ports/workflow-starter.js';

export interface SfnWorkflowStarterOptions {
  /** The ARN of each workflow's state machine, e.g. from `STATE_MACHINE_ARN_PREFIX` + name. */
  readonly stateMachineArn: (workflow: WorkflowName) => string;
  /** A client, or the settings to make one (region, endpoint override for the local service). */
  readonly client?: SFNClient;
  readonly clientConfig?: SFNClientConfig;
}

// Execution names allow 1..80 of [A-Za-z0-9-_]; operation ids are made to fit, anything else is cleaned.
const NAME_UNSAFE = /[^A-Za-z0-9_-]/g;

export class SfnWorkflowStarter implements WorkflowStarter {
  readonly #client: SFNClient;
  readonly #arnOf: (workflow: WorkflowName) => string;

  constructor(options: SfnWorkflowStarterOptions) {
    this.#client = options.client ?? new SFNClient(options.clientConfig ?? {});
    this.#arnOf = options.stateMachineArn;
  }

  /** ARNs `<prefix><workflow>`: the prefix is `arn:aws:states:<region>:<account>:stateMachine:` (+ a stack prefix). */
  static arnsFromPrefix(prefix: string): (workflow: WorkflowName) => string {
    return (workflow) => `${prefix}${workflow}`;
  }

  async start(workflow: WorkflowName, input: WorkflowInput): Promise<{ readonly executionArn: string }> {
    const stateMachineArn = this.#arnOf(workflow);
    try {
      const output = await this.#client.send(
        new StartExecutionCommand({
          stateMachineArn,
          name: input.operationId.replace(NAME_UNSAFE, '-').slice(0, 80),
          input: JSON.stringify(input),
        }),
      );
      return { executionArn: output.executionArn ?? '' };
    } catch (error) {
      throw mapSfnError(error, workflow, input.operationId);
    }
  }
}

function mapSfnError(error: unknown, workflow: WorkflowName, operationId: string): Error {
  const name = (error as { name?: unknown } | undefined)?.name;
  const message = `Step Functions StartExecution of ${workflow} for ${operationId}: ${(error as Error)?.message ?? name}`;
  const options = { cause: error, details: { awsError: name, workflow, operationId } };
  switch (name) {
    case 'ExecutionAlreadyExists':
      return new ConflictError(message, options);
    case 'ThrottlingException':
    case 'ExecutionLimitExceeded':
      return new ThrottledError(message, options);
    default:
      // StateMachineDoesNotExist included: a deployment problem, not something the caller can fix.
      return new DependencyError(message, options);
  }
}
