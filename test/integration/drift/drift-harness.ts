import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { StepFunctionsService } from '../../../local/stepfunctions/index.js';
import type { LocalWorkflows } from '../../../local/workflows/index.js';
import {
  type DriftRecord,
  driftRecordOf,
  type RemediationPolicy,
} from '../../../src/core/drift/drift-record.js';
import type { KeySet } from '../../../src/core/model/key-set.js';
import type { TestDynamo } from '../../helpers/dynalite.js';
import { keySetRecord, operationRecord } from '../../helpers/key-set-fixture.js';
import type { KmsFixture } from '../../helpers/kms.js';
import { startWorkflowServices } from '../../helpers/workflow-services.js';

export const ACCOUNT = '111122223333';
export const PRIMARY = 'us-east-1';
export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];

export interface ScanOutput {
  scanId: string;
  totals: Record<string, number>;
  unmanaged: { count: number; findings: { keyId: string; region: string; kind: string }[] };
  reconciliation: {
    count: number;
    changes: { keyId: string; region: string; eventName: string; reason: string }[];
  };
}

export interface DriftStack {
  kms: KmsFixture;
  dynamo: TestDynamo;
  sfn: StepFunctionsService;
  workflows: LocalWorkflows;
  arns: Record<string, string>;
  /** A primary in KMS and its key set, provisioned (replicas, properties) by the provision-key workflow. */
  provisioned(regions: string[]): Promise<KeySet>;
  /** Runs a workflow for a new operation and waits; returns the operation's final status. */
  run(workflow: string, type: string, keyId: string, input?: Record<string, unknown>): Promise<string>;
  scan(input?: Record<string, unknown>): Promise<ScanOutput>;
  setPolicy(keyId: string, policy: RemediationPolicy): Promise<void>;
  drift(keyId: string): Promise<DriftRecord>;
  /** Waits for the execution named after `operationId` on `workflow` and returns the operation status. */
  awaitOperation(workflow: string, operationId: string): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

export async function startDriftStack(options: { slackSeconds?: number } = {}): Promise<DriftStack> {
  const services = await startWorkflowServices({
    region: PRIMARY,
    account: ACCOUNT,
    drift: {
      allowedRegions: REGIONS,
      overrides: { settings: { reconcileSlackSeconds: options.slackSeconds ?? 2, storeConcurrency: 4 } },
    },
  });
  const { kms, dynamo, sfn, workflows, arns, client } = services;
  const { deps } = workflows;
  const executionArn = (workflow: string, name: string) =>
    `${(arns as Record<string, string>)[workflow]?.replace(':stateMachine:', ':execution:')}:${name}`;

  const stack: DriftStack = {
    kms,
    dynamo,
    sfn,
    workflows,
    arns,
    async provisioned(regions) {
      const created = await kms.client(PRIMARY).send(new CreateKeyCommand({ MultiRegion: true }));
      const keyId = created.KeyMetadata?.KeyId as string;
      const now = new Date().toISOString();
      const n = ++counter;
      await deps.keySets.create(
        keySetRecord({
          keyId,
          account: ACCOUNT,
          primaryRegion: PRIMARY,
          regions,
          now,
          desired: {
            description: `payments key ${n}`,
            aliases: [`alias/drift-${n}-${Date.now()}`],
          },
        }),
      );
      const status = await stack.run('provision-key', 'Provision', keyId);
      if (status !== 'Succeeded') throw new Error(`provisioning ended ${status}`);
      return (await deps.keySets.get(keyId)) as KeySet;
    },
    async run(workflow, type, keyId, input = {}) {
      const operationId = `op-${workflow}-${++counter}-${Date.now()}`;
      const now = new Date().toISOString();
      await deps.operations.create(operationRecord({ operationId, type: type as never, keyId, input, now }));
      // The API's request event: the operation's window for the audit reconciliation starts here.
      await deps.audit.append({
        eventId: `${operationId}/request`,
        keyId,
        writerRegion: PRIMARY,
        at: now,
        actor: 'user-1',
        action: type === 'Provision' ? 'CreateKey' : `${type}Requested`,
        requestId: operationId,
        operationId,
        result: 'Started',
      });
      await client.send(
        new StartExecutionCommand({
          stateMachineArn: (arns as Record<string, string>)[workflow],
          name: operationId,
          input: JSON.stringify({ operationId, keyId, ...input }),
        }),
      );
      return stack.awaitOperation(workflow, operationId);
    },
    async awaitOperation(workflow, operationId) {
      await sfn.waitForExecution(executionArn(workflow, operationId.replace(/[^A-Za-z0-9_-]/g, '-')));
      return (await deps.operations.get(operationId))?.status ?? 'Missing';
    },
    async scan(input = {}) {
      const name = `scan-${++counter}-${Date.now()}`;
      const started = await client.send(
        new StartExecutionCommand({
          stateMachineArn: arns['drift-scan'],
          name,
          input: JSON.stringify(input),
        }),
      );
      const outcome = await sfn.waitForExecution(started.executionArn as string);
      if (outcome.status !== 'SUCCEEDED') throw new Error(`drift scan ${outcome.status}: ${outcome.cause}`);
      return JSON.parse(outcome.output ?? '{}') as ScanOutput;
    },
    async setPolicy(keyId, policy) {
      const keySet = (await deps.keySets.get(keyId)) as KeySet;
      const record = driftRecordOf(keySet);
      await deps.keySets.recordDrift(keyId, {
        status: record?.status ?? 'InSync',
        findings: record?.findings ?? [],
        scannedAt: record?.scannedAt ?? new Date().toISOString(),
        ...record,
        policy,
      } as DriftRecord);
    },
    async drift(keyId) {
      const keySet = (await deps.keySets.get(keyId)) as KeySet;
      return driftRecordOf(keySet) as DriftRecord;
    },
    close: services.close,
  };
  return stack;
}

/** `kind@region` (and `:property`) of each finding, for compact assertions. */
export function kindsOf(record: DriftRecord): string[] {
  return record.findings.map(
    (item) => `${item.kind}${item.property ? `:${item.property}` : ''}@${item.region}`,
  );
}
