// `npm run bench:replicate`: wall time of the replicate-key workflow to 1 and to 10 Regions through the
// local stack (KMS emulator with 100 ms per call and 1 s Creating, dynalite, local Step Functions at real
// Wait durations). The 10/1 ratio shows whether Regions really run in parallel (target: at most 1.5).
import '../../local/polyfills.js';
import type { AddressInfo } from 'node:net';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { startLocalDynamo } from '../../local/dynamodb/start-local-dynamo.js';
import { createKmsEmulator } from '../../local/kms/index.js';
import { createStepFunctionsService } from '../../local/stepfunctions/index.js';
import { createLocalWorkflows } from '../../local/workflows/index.js';
import { SfnWorkflowStarter } from '../../src/adapters/aws/sfn/sfn-workflow-starter.js';
import { keySetRecord, operationRecord } from '../helpers/key-set-fixture.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const CREATING_MS = Number(process.env.BENCH_CREATING_MS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PRIMARY = 'us-east-1';
const ACCOUNT = '111122223333';
const REPLICA_REGIONS = [
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'eu-north-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-south-1',
  'ca-central-1',
  'sa-east-1',
];
const credentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' };

const listen = async (server: import('node:http').Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

async function main(): Promise<void> {
  // Quotas on: the fan-out must stay under ReplicateKey's 5 per second without being throttled.
  const kmsServer = createKmsEmulator({ creatingMs: CREATING_MS, updatingMs: CREATING_MS, quotas: true });
  const kmsEndpoint = await listen(kmsServer);
  await fetch(`${kmsEndpoint}/_emulator/faults`, {
    method: 'POST',
    body: JSON.stringify({ latencyMs: LATENCY_MS }),
  });
  const dynamo = await startLocalDynamo({ port: 0 });
  const workflows = createLocalWorkflows({
    kmsEndpoint,
    dynamoEndpoint: dynamo.endpoint,
    tableName: dynamo.tableNames[0] ?? 'KeysTable',
    credentials,
  });
  const sfn = createStepFunctionsService({
    taskHandlers: workflows.taskHandlers,
    substitutions: workflows.substitutions,
    waitScale: 1,
    log: () => {},
  });
  const sfnEndpoint = await listen(sfn.server);
  const arns = workflows.register(sfn);
  const client = new SFNClient({ endpoint: sfnEndpoint, region: PRIMARY, credentials });
  const starter = new SfnWorkflowStarter({ client, stateMachineArn: (name) => arns[name] });
  const kms = new KMSClient({ endpoint: kmsEndpoint, region: PRIMARY, credentials });
  let counter = 0;

  async function replicateOnce(regions: readonly string[]): Promise<{ seconds: number; status: string }> {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ MultiRegion: true }));
    const keyId = KeyMetadata!.KeyId!;
    const now = new Date().toISOString();
    const { keySets, operations } = workflows.deps;
    await keySets.create(
      keySetRecord({
        keyId,
        tenant: 'bench',
        account: ACCOUNT,
        primaryRegion: PRIMARY,
        regions: [PRIMARY, ...regions],
        now,
        desired: { description: 'bench key', aliases: [`alias/bench-${++counter}`] },
      }),
    );
    const operationId = `op-bench-${counter}`;
    await operations.create(
      operationRecord({ operationId, type: 'Replicate', keyId, tenant: 'bench', requestedBy: 'bench', now }),
    );
    const started = performance.now();
    const { executionArn } = await starter.start('replicate-key', {
      operationId,
      keyId,
      regions: [...regions],
    });
    await sfn.waitForExecution(executionArn);
    const seconds = (performance.now() - started) / 1000;
    await client.send(new DescribeExecutionCommand({ executionArn }));
    const operation = await operations.get(operationId);
    return { seconds, status: operation?.status ?? 'unknown' };
  }

  console.log(
    `replicate-key: KMS emulator ${LATENCY_MS} ms per call, Creating ${CREATING_MS} ms, quotas on, real Wait times`,
  );
  const results: Record<number, number> = {};
  for (const count of [1, 10]) {
    const runs: { seconds: number; status: string }[] = [];
    for (let round = 0; round < ROUNDS; round++)
      runs.push(await replicateOnce(REPLICA_REGIONS.slice(0, count)));
    const best = Math.min(...runs.map((run) => run.seconds));
    results[count] = best;
    const detail = runs.map((run) => `${run.seconds.toFixed(2)} s ${run.status}`).join(', ');
    console.log(
      `${String(count).padStart(2)} Region${count === 1 ? ' ' : 's'}: ${best.toFixed(2)} s best of ${ROUNDS} (${detail})`,
    );
  }
  const ratio = results[10]! / results[1]!;
  console.log(`ratio 10/1: ${ratio.toFixed(2)} (target: at most 1.5)`);
  const events = (await (await fetch(`${kmsEndpoint}/_emulator/events`)).json()) as {
    events: { eventName: string }[];
  };
  console.log(
    `ReplicateKey calls: ${events.events.filter((event) => event.eventName === 'ReplicateKey').length}`,
  );

  client.destroy();
  kms.destroy();
  await sfn.close();
  kmsServer.closeAllConnections();
  await new Promise<void>((resolve) => kmsServer.close(() => resolve()));
  await dynamo.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
