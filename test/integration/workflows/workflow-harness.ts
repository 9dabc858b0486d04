import { CreateKeyCommand, ReplicateKeyCommand } from '@aws-sdk/client-kms';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { StepFunctionsService } from '../../../local/stepfunctions/index.js';
import type { LocalWorkflows } from '../../../local/workflows/index.js';
import { SfnWorkflowStarter } from '../../../src/adapters/aws/sfn/sfn-workflow-starter.js';
import type { KeySet } from '../../../src/core/model/key-set.js';
import type { Operation, OperationType } from '../../../src/core/model/operation.js';
import type { WorkflowName } from '../../../src/core/ports/workflow-starter.js';
import type { TestDynamo } from '../../helpers/dynalite.js';
import { keySetRecord, operationRecord } from '../../helpers/key-set-fixture.js';
import type { KmsFixture } from '../../helpers/kms.js';
import { startWorkflowServices } from '../../helpers/workflow-services.js';

export const ACCOUNT = '111122223333';
export const PRIMARY = 'us-east-1';

export interface WorkflowStack {
  kms: KmsFixture;
  dynamo: TestDynamo;
  sfn: StepFunctionsService;
  workflows: LocalWorkflows;
  client: SFNClient;
  starter: SfnWorkflowStarter;
  /** Creates a primary MRK in KMS and its key set record (desired state from `desired`). */
  createKeySet(options?: KeySetOptions): Promise<KeySet>;
  /** createKeySet over the primary and `replicas`, each replica made in KMS with ReplicateKey. */
  createReplicatedKeySet(replicas: readonly string[]): Promise<KeySet>;
  /** Stores a Pending operation, starts its workflow through the real SFN API, returns the execution ARN. */
  start(
    workflow: WorkflowName,
    type: OperationType,
    keyId: string,
    input?: Record<string, unknown>,
  ): Promise<{ operationId: string; executionArn: string }>;
  /** Waits for the execution to close, then reads it back through DescribeExecution. */
  finish(executionArn: string): Promise<DescribeExecutionCommandOutput>;
  /** start + finish, and the operation record afterwards. */
  run(
    workflow: WorkflowName,
    type: OperationType,
    keyId: string,
    input?: Record<string, unknown>,
  ): Promise<{ execution: DescribeExecutionCommandOutput; operation: Operation }>;
  operation(operationId: string): Promise<Operation>;
  close(): Promise<void>;
}

export interface KeySetOptions {
  regions?: string[];
  aliases?: string[];
  tags?: Record<string, string>;
  description?: string;
}

let counter = 0;

export async function startWorkflowStack(): Promise<WorkflowStack> {
  const services = await startWorkflowServices({ region: PRIMARY });
  const { kms, dynamo, sfn, workflows, arns, client } = services;
  const starter = new SfnWorkflowStarter({ client, stateMachineArn: (name) => arns[name] });
  const { deps } = workflows;

  const stack: WorkflowStack = {
    kms,
    dynamo,
    sfn,
    workflows,
    client,
    starter,
    async createKeySet(options = {}) {
      const regions = options.regions ?? [PRIMARY];
      const description = options.description ?? 'payments data key';
      const created = await kms
        .client(PRIMARY)
        .send(new CreateKeyCommand({ MultiRegion: true, Description: '' }));
      const keyId = created.KeyMetadata!.KeyId!;
      const now = new Date().toISOString();
      const keySet = keySetRecord({
        keyId,
        account: ACCOUNT,
        primaryRegion: PRIMARY,
        regions,
        now,
        desired: {
          description,
          tags: options.tags ?? { team: 'payments' },
          aliases: options.aliases ?? [`alias/payments-${++counter}`],
        },
      });
      return deps.keySets.create(keySet);
    },
    async createReplicatedKeySet(replicas) {
      const keySet = await stack.createKeySet({ regions: [PRIMARY, ...replicas] });
      for (const region of replicas) {
        await kms
          .client(PRIMARY)
          .send(new ReplicateKeyCommand({ KeyId: keySet.keyId, ReplicaRegion: region }));
      }
      return keySet;
    },
    async start(workflow, type, keyId, input = {}) {
      const operationId = `op-${workflow}-${++counter}-${Date.now()}`;
      const now = new Date().toISOString();
      await deps.operations.create(operationRecord({ operationId, type, keyId, input, now }));
      const { executionArn } = await starter.start(workflow, { operationId, keyId, ...input });
      return { operationId, executionArn };
    },
    async finish(executionArn) {
      await sfn.waitForExecution(executionArn);
      return client.send(new DescribeExecutionCommand({ executionArn }));
    },
    async run(workflow, type, keyId, input = {}) {
      const { operationId, executionArn } = await stack.start(workflow, type, keyId, input);
      const execution = await stack.finish(executionArn);
      return { execution, operation: await stack.operation(operationId) };
    },
    async operation(operationId) {
      const operation = await deps.operations.get(operationId);
      if (operation === undefined) throw new Error(`no operation ${operationId}`);
      return operation;
    },
    close: services.close,
  };
  return stack;
}

/** The emulator's CloudTrail-shaped events (GET /_emulator/events). */
export async function trailEvents(
  kms: KmsFixture,
): Promise<{ eventName: string; awsRegion: string; eventTime: string; resources: { ARN: string }[] }[]> {
  const { body } = await kms.admin('/_emulator/events');
  return (body as { events: never[] }).events;
}
