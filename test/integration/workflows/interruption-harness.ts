// The local stack on a data folder, with what an interruption test needs: the REST API as a client sees
// it, a KMS call held at a gate (a deterministic "crash point"), a restart on the same data, and the
// check that KMS (read through its own API) and the table agree.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { expect } from 'vitest';
import { type LocalStack, STACK_CREDENTIALS, startLocalStack } from '../../../local/stack.js';

// biome-ignore lint/suspicious/noExplicitAny: API answers are read as loose JSON and checked by expect().
type Json = any;

export interface InterruptionStack {
  readonly stack: LocalStack;
  /** The answer's JSON body, with the HTTP status as `httpStatus`. */
  call(method: string, path: string, body?: unknown): Promise<Json>;
  /** Waits for the operation's execution to end, then reads the operation through the API. */
  settle(answer: Json): Promise<Json>;
  /** Holds the next matching KMS call (it then fails as an outage); resolves once a call is held. */
  hold(region: string, operation: string): Promise<void>;
  /** An emulator fault through its admin API (POST /_emulator/faults). */
  fault(body: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  /** Advances the emulator's virtual clock. */
  advance(seconds: number): Promise<void>;
  /** Stops the stack as `npm start` stops (running executions end ABORTED) and starts it on the same data. */
  restart(): Promise<readonly string[]>;
  /** An AWS SDK KMS client for `region` on the current stack. */
  kms(region: string): KMSClient;
  /** KMS's state of the key in `region`, read with the AWS SDK (undefined: no key there). */
  kmsState(region: string, keyId: string): Promise<Json | undefined>;
  /** The table and KMS agree on every Region either of them knows for the key. */
  expectAgreement(keyId: string): Promise<Json>;
  close(): Promise<void>;
}

const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2'];

export async function startInterruptionStack(
  options: { waitScale?: number } = {},
): Promise<InterruptionStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mrk-interrupt-'));
  const start = (waitScale: number) =>
    startLocalStack({
      dataDir,
      ports: { kms: 0, dynamodb: 0, stepFunctions: 0, api: 0 },
      waitScale,
      creatingMs: 0,
      updatingMs: 0,
      allowedRegions: REGIONS,
      log: () => {},
    });
  let stack = await start(options.waitScale ?? 0);
  const clients = new Map<string, KMSClient>();
  const kms = (region: string) => {
    let client = clients.get(`${stack.endpoints.kms} ${region}`);
    if (client === undefined) {
      client = new KMSClient({ region, endpoint: stack.endpoints.kms, credentials: STACK_CREDENTIALS });
      clients.set(`${stack.endpoints.kms} ${region}`, client);
    }
    return client;
  };
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${stack.endpoints.kms}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    expect(response.status, `${method} ${path}`).toBe(200);
  };
  const harness: InterruptionStack = {
    get stack() {
      return stack;
    },
    async call(method, path, body) {
      const response = await fetch(`${stack.endpoints.api}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${stack.adminToken}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { ...(text && JSON.parse(text)), httpStatus: response.status };
    },
    async settle(answer) {
      expect(answer.httpStatus, JSON.stringify(answer)).toBe(202);
      await stack.stepFunctions.waitForExecution(answer.operation.executionArn);
      return harness.call('GET', `/operations/${answer.operation.operationId}`);
    },
    async hold(region, operation) {
      let held!: () => void;
      const reached = new Promise<void>((resolve) => {
        held = resolve;
      });
      // The held call never returns: the restart cuts its connection, as kill -9 would.
      stack.kms.faults.sleep = () => {
        held();
        return new Promise(() => {});
      };
      await admin('POST', '/_emulator/faults', {
        region,
        operations: [operation],
        error: 'unavailable',
        latencyMs: 1,
      });
      return reached;
    },
    async fault(body) {
      await admin('POST', '/_emulator/faults', body);
    },
    async clearFaults() {
      await admin('DELETE', '/_emulator/faults');
    },
    async advance(seconds) {
      await admin('POST', '/_emulator/clock/advance', { seconds });
    },
    async restart() {
      await stack.close();
      stack = await start(0);
      return stack.interruptedOperations;
    },
    kms,
    async kmsState(region, keyId) {
      try {
        const { KeyMetadata } = await kms(region).send(new DescribeKeyCommand({ KeyId: keyId }));
        return KeyMetadata;
      } catch (error) {
        if ((error as Error).name === 'NotFoundException') return undefined;
        throw error;
      }
    },
    async expectAgreement(keyId) {
      const key = await harness.call('GET', `/keys/${keyId}`);
      expect(key.httpStatus).toBe(200);
      for (const region of REGIONS) {
        const inKms = await harness.kmsState(region, keyId);
        const recorded = key.regions?.[region];
        expect(recorded?.keyState, `${region}: table ${JSON.stringify(recorded)}`).toBe(inKms?.KeyState);
        if (inKms !== undefined)
          expect(recorded.role, region).toBe(inKms.MultiRegionConfiguration.MultiRegionKeyType);
      }
      return key;
    },
    async close() {
      for (const client of clients.values()) client.destroy();
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
