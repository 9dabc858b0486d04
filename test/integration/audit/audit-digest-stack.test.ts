// The signed audit digests on the local stack: AuditDigestFunction's entry file run with template.yaml's
// environment, the stack's own digests (at start, on demand), and GET ...?verify=true through the gateway.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalStack, STACK_CREDENTIALS, startLocalStack } from '../../../local/stack.js';
import { auditEventId } from '../../../src/core/audit/audit-chain.js';
import { KEY_ID, keySetFixture } from '../../unit/core/fixtures.js';
import { functions, REPO_ROOT, resolvedEnvironment } from '../../unit/template/template-model.js';

let stack: LocalStack;
let dynamo: DynamoDBClient;

beforeAll(async () => {
  stack = await startLocalStack({
    ports: { kms: 0, dynamodb: 0, stepFunctions: 0, api: 0 },
    waitScale: 0,
    creatingMs: 0,
    log: () => {},
  });
  dynamo = new DynamoDBClient({
    region: stack.region,
    endpoint: stack.endpoints.dynamodb,
    credentials: STACK_CREDENTIALS,
  });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  dynamo?.destroy();
  await stack?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked by the assertions
type Json = any;

async function get(path: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${stack.endpoints.api}${path}`, {
    headers: { authorization: `Bearer ${stack.adminToken}` },
  });
  return { status: response.status, body: await response.json() };
}

async function appendEvents(count: number): Promise<void> {
  for (let step = 0; step < count; step++) {
    await stack.apiDeps.audit.append({
      eventId: auditEventId('op-stack', `step-${Date.now()}-${step}`),
      keyId: KEY_ID,
      writerRegion: stack.region,
      at: new Date().toISOString(),
      actor: 'alice',
      action: 'UpdateProperties',
      requestId: 'req-1',
      result: 'Succeeded',
    });
  }
}

describe('signed audit digests on the local stack', () => {
  it('the stack wrote a digest at start, and a clean trail verifies through the API', async () => {
    await stack.apiDeps.keySets.create(keySetFixture());
    await appendEvents(4);
    expect(await stack.auditDigests.writeNow()).toMatchObject({ sequence: 2, chainCount: 1, stored: true });
    const fleet = await get('/audit?verify=true');
    expect(fleet.status).toBe(200);
    expect(fleet.body.verification).toMatchObject({
      valid: true,
      digests: { valid: true, digestCount: 2, checkedHeads: 1, problems: [] },
    });
    const key = await get(`/keys/${KEY_ID}/audit?verify=true`);
    expect(key.body.verification).toMatchObject({ valid: true, digests: { valid: true, checkedHeads: 1 } });
  });

  it("AuditDigestFunction's entry file, with template.yaml's environment, writes the next digest", async () => {
    const fn = functions.find((candidate) => candidate.logicalId === 'AuditDigestFunction')!;
    const env = {
      ...resolvedEnvironment(fn, { KeysTable: stack.tableName }),
      AWS_REGION: stack.region,
      AWS_ACCESS_KEY_ID: STACK_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: STACK_CREDENTIALS.secretAccessKey,
      KMS_ENDPOINT: stack.endpoints.kms,
      DYNAMODB_ENDPOINT: stack.endpoints.dynamodb,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_DEV: 'true',
    };
    for (const [name, value] of Object.entries(env))
      if (name !== 'NODE_OPTIONS') vi.stubEnv(name, String(value));
    const module = (await import(pathToFileURL(join(REPO_ROOT, fn.entryPoint)).href)) as {
      handler: (event: unknown) => Promise<unknown>;
    };
    const written = await module.handler({});
    expect(written).toMatchObject({ writerRegion: stack.region, sequence: 3, chainCount: 1, stored: true });
    expect(JSON.parse(JSON.stringify(written))).toEqual(written);
    expect((await get('/audit?verify=true')).body.verification).toMatchObject({
      valid: true,
      digests: { digestCount: 3 },
    });
  });

  it('a tail cut after the digest fails GET ...?verify=true, naming the chain', async () => {
    await dynamo.send(
      new DeleteItemCommand({
        TableName: stack.tableName,
        Key: { PK: { S: `AUDIT#${KEY_ID}#${stack.region}` }, SK: { S: '0000000004' } },
      }),
    );
    const key = await get(`/keys/${KEY_ID}/audit?verify=true`);
    expect(key.status).toBe(200);
    expect(key.body.verification.valid).toBe(false);
    // The hash links that are left are fine: only the digest sees the cut.
    expect(key.body.verification.brokenCount).toBe(0);
    expect(key.body.verification.digests.problems).toEqual([
      expect.objectContaining({ kind: 'ChainCut', keyId: KEY_ID, recordedSequence: 4 }),
    ]);
    const fleet = await get('/audit?verify=true');
    expect(fleet.body.verification).toMatchObject({ valid: false, digests: { valid: false } });
  });
});
