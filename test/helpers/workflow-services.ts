// Starts the services every workflow test stack needs: KMS emulator, dynalite, local Step Functions with
// every machine registered, and an SFN client on it; all on random ports, closed together.
import type { AddressInfo } from 'node:net';
import { SFNClient } from '@aws-sdk/client-sfn';
import { createStepFunctionsService, type StepFunctionsService } from '../../local/stepfunctions/index.js';
import {
  createLocalWorkflows,
  type LocalWorkflows,
  type LocalWorkflowsOptions,
} from '../../local/workflows/index.js';
import { startTestDynamo, type TestDynamo } from './dynalite.js';
import { type KmsFixture, startKms, TEST_CREDENTIALS } from './kms.js';

export interface WorkflowServices {
  kms: KmsFixture;
  dynamo: TestDynamo;
  sfn: StepFunctionsService;
  workflows: LocalWorkflows;
  /** State machine name -> ARN. */
  arns: ReturnType<LocalWorkflows['register']>;
  client: SFNClient;
  close(): Promise<void>;
}

export interface WorkflowServicesOptions {
  readonly region: string;
  /** The account in function and state machine ARNs; the services' default when absent. */
  readonly account?: string;
  readonly drift?: LocalWorkflowsOptions['drift'];
}

/** KMS with instant Creating/Updating, Step Functions with Wait states scaled to 0. */
export async function startWorkflowServices(options: WorkflowServicesOptions): Promise<WorkflowServices> {
  const kms = await startKms({ creatingMs: 0, updatingMs: 0 });
  const dynamo = await startTestDynamo();
  const account = options.account !== undefined ? { account: options.account } : {};
  const workflows = createLocalWorkflows({
    kmsEndpoint: kms.endpoint,
    dynamoEndpoint: dynamo.endpoint,
    tableName: dynamo.tableName,
    region: options.region,
    ...account,
    credentials: TEST_CREDENTIALS,
    ...(options.drift !== undefined && { drift: options.drift }),
  });
  const sfn = createStepFunctionsService({
    taskHandlers: workflows.taskHandlers,
    substitutions: workflows.substitutions,
    ...account,
    waitScale: 0,
    log: () => {},
  });
  await new Promise<void>((resolve) => sfn.server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(sfn.server.address() as AddressInfo).port}`;
  const arns = workflows.register(sfn);
  const client = new SFNClient({
    endpoint,
    region: options.region,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  return {
    kms,
    dynamo,
    sfn,
    workflows,
    arns,
    client,
    async close() {
      client.destroy();
      await sfn.close();
      await kms.close();
      await dynamo.close();
    },
  };
}
