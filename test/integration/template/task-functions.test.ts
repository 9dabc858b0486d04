// Every function a state machine invokes, loaded from its Lambda entry file with the environment template.yaml
// gives it, answers its sample event (events/) against the local stack: a real MRK set and its records seeded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateKeyCommand, KMSClient, ReplicateKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalStack, STACK_CREDENTIALS, startLocalStack } from '../../../local/stack.js';
import { keySetRecord, operationRecord } from '../../helpers/key-set-fixture.js';
import { sampleEventsOf } from '../../unit/template/sample-events.js';
import {
  functions,
  getAtt,
  REPO_ROOT,
  resolvedEnvironment,
  stateMachines,
  type TemplateFunction,
} from '../../unit/template/template-model.js';

/** The ids the sample events are written with; each test swaps in the ids of what it seeded. */
const SAMPLE_KEY_ID = 'mrk-1234abcd12ab34cd56ef1234567890ab';
const SAMPLE_OPERATION_ID = 'op-000001';
const PRIMARY = 'us-east-1';
const REPLICA = 'eu-west-1';

const invoked = new Set(
  stateMachines().flatMap((machine) =>
    Object.values(machine.substitutions).map((value) => getAtt(value)?.[0]),
  ),
);
const taskFunctions = functions.filter((fn) => invoked.has(fn.logicalId));

let stack: LocalStack;
let kms: (region: string) => KMSClient;
const clients: KMSClient[] = [];
let counter = 0;

beforeAll(async () => {
  stack = await startLocalStack({
    ports: { kms: 0, dynamodb: 0, stepFunctions: 0, api: 0 },
    waitScale: 0,
    creatingMs: 0,
    updatingMs: 0,
    log: () => {},
  });
  kms = (region) => {
    const client = new KMSClient({ region, endpoint: stack.endpoints.kms, credentials: STACK_CREDENTIALS });
    clients.push(client);
    return client;
  };
});

afterAll(async () => {
  vi.unstubAllEnvs();
  for (const client of clients) client.destroy();
  await stack?.close();
});

/** What Lambda and template.yaml give the function, pointed at the local stand-ins (before its module loads). */
function useEnvironmentOf(fn: TemplateFunction): void {
  const env = {
    ...resolvedEnvironment(fn, { KeysTable: stack.tableName }),
    AWS_REGION: stack.region,
    AWS_ACCESS_KEY_ID: STACK_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: STACK_CREDENTIALS.secretAccessKey,
    KMS_ENDPOINT: stack.endpoints.kms,
    DYNAMODB_ENDPOINT: stack.endpoints.dynamodb,
    SFN_ENDPOINT: stack.endpoints.stepFunctions,
    // Locally CloudTrail LookupEvents is served by the KMS emulator.
    CLOUDTRAIL_ENDPOINT: stack.endpoints.kms,
  };
  for (const [name, value] of Object.entries(env)) if (name !== 'NODE_OPTIONS') vi.stubEnv(name, value);
}

/** A primary in us-east-1 with a replica in eu-west-1, its key set record and a Running operation. */
async function seed(): Promise<{ keyId: string; operationId: string }> {
  const created = await kms(PRIMARY).send(new CreateKeyCommand({ MultiRegion: true, Description: 'sample' }));
  const keyId = created.KeyMetadata!.KeyId!;
  await kms(PRIMARY).send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: REPLICA }));
  const now = new Date().toISOString();
  const keySet = keySetRecord({
    keyId,
    account: stack.account,
    primaryRegion: PRIMARY,
    regions: [PRIMARY, REPLICA],
    now,
    desired: { description: 'sample', aliases: [`alias/sample-${++counter}`] },
  });
  const { deps } = stack.workflows;
  await deps.keySets.create(keySet);
  const operationId = `op-sample-${counter}`;
  await deps.operations.create(
    operationRecord({ operationId, type: 'Reconcile', keyId, status: 'Running', input: {}, now }),
  );
  return { keyId, operationId };
}

describe('task functions with their sample events', () => {
  it('exist (every state machine Task names one)', () => {
    expect(taskFunctions.length).toBeGreaterThan(0);
  });

  it.each(taskFunctions.map((fn) => [fn.logicalId, fn] as const))('%s', async (_, fn) => {
    useEnvironmentOf(fn);
    const module = (await import(pathToFileURL(join(REPO_ROOT, fn.entryPoint)).href)) as Record<
      string,
      unknown
    >;
    const handler = module[fn.handlerExport] as (event: unknown) => Promise<unknown>;
    expect(handler).toBeTypeOf('function');
    const samples = sampleEventsOf(fn);
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) {
      const { keyId, operationId } = await seed();
      const text = readFileSync(join(REPO_ROOT, sample), 'utf8')
        .replaceAll(SAMPLE_KEY_ID, keyId)
        .replaceAll(SAMPLE_OPERATION_ID, operationId);
      const result = (await handler(JSON.parse(text))) ?? null;
      // Step Functions receives the result as JSON: it must survive the round trip unchanged.
      expect(JSON.parse(JSON.stringify(result)), sample).toEqual(result);
    }
  });
});
