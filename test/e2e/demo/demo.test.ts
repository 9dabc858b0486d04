// The demo runs to its end on a fresh in-memory stack; its claims are then checked through the REST API
// and the KMS emulator's own records, not by reading what the demo printed.
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../../local/demo/run-demo.js';
import { type LocalStack, STACK_CREDENTIALS, startLocalStack } from '../../../local/stack.js';

// biome-ignore lint/suspicious/noExplicitAny: API answers are read as loose JSON and checked by expect().
type Json = any;
interface TrailEvent {
  eventName: string;
  awsRegion: string;
  eventTime: string;
  resources?: { ARN: string }[];
  requestParameters?: Record<string, unknown>;
}

const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2'];
let stack: LocalStack;
let result: { keyId: string; signingKeyId: string };
const printed: string[] = [];

async function api(path: string): Promise<Json> {
  const response = await fetch(`${stack.endpoints.api}${path}`, {
    headers: { authorization: `Bearer ${stack.adminToken}` },
  });
  expect(response.status, path).toBe(200);
  return response.json();
}

async function allEvents(): Promise<TrailEvent[]> {
  const response = await fetch(`${stack.endpoints.kms}/_emulator/events`);
  return ((await response.json()) as { events: TrailEvent[] }).events;
}

/** The emulator's CloudTrail-shaped events about one key: by resource, or by the key id it was called with. */
async function trail(keyId: string): Promise<TrailEvent[]> {
  return (await allEvents()).filter(
    (event) =>
      event.resources?.some((resource) => resource.ARN.endsWith(`key/${keyId}`)) ||
      String(event.requestParameters?.keyId ?? '').endsWith(keyId),
  );
}

beforeAll(async () => {
  stack = await startLocalStack({
    ports: { kms: 0, dynamodb: 0, stepFunctions: 0, api: 0 },
    waitScale: 0,
    creatingMs: 0,
    updatingMs: 0,
    recordReadOnlyEvents: true,
  });
  result = await runDemo({
    api: stack.endpoints.api,
    token: stack.adminToken,
    kmsEndpoint: stack.endpoints.kms,
    print: (line) => printed.push(line),
    pollMs: 20,
    // The test's own stack, as `npm run demo` alone: the demo may move its clock.
    advanceClock: true,
  });
});
afterAll(() => stack?.close());

describe('npm run demo', () => {
  it('runs every step to the end', () => {
    expect(printed.at(-1)).toContain('The demo is complete');
  });

  it('ran each operation of the story through the API, and each one succeeded', async () => {
    const { items } = await api(`/keys/${result.keyId}/operations?limit=100`);
    const types = items.map((operation: Json) => operation.type).sort();
    expect(types).toEqual([
      'Delete',
      'Promote',
      'Provision',
      'Reconcile',
      'Replicate',
      'Rotate',
      'UpdateProperties',
    ]);
    for (const operation of items) expect(operation.status, operation.type).toBe('Succeeded');
    const key = await api(`/keys/${result.keyId}`);
    expect(key.primaryRegion).toBe('eu-west-1');
    expect([...key.desired.regions].sort()).toEqual([...REGIONS].sort());
    expect(key.desired.tags.env).toBe('production');
    expect(key.status).toBe('PendingDeletion');
  });

  it('encrypted in ap-southeast-2 and decrypted in us-west-2 with no cross-Region call', async () => {
    // Decrypt names no key (the ciphertext does); the demo's encryption context marks its calls.
    const events = (await allEvents()).filter(
      (event) =>
        (event.requestParameters?.encryptionContext as { order?: string } | undefined)?.order === '1001',
    );
    const regionsOf = (name: string) =>
      events.filter((event) => event.eventName === name).map((event) => event.awsRegion);
    expect(regionsOf('Encrypt')).toEqual(['ap-southeast-2']);
    expect(regionsOf('Decrypt')).toEqual(['us-west-2']);
  });

  it('signed in one Region and verified in another with the asymmetric key', async () => {
    const events = await trail(result.signingKeyId);
    expect(events.filter((event) => event.eventName === 'Sign').map((event) => event.awsRegion)).toEqual([
      'us-east-1',
    ]);
    expect(events.filter((event) => event.eventName === 'Verify').map((event) => event.awsRegion)).toEqual([
      'eu-west-1',
    ]);
  });

  it('applied the tag change in every Region, promoted eu-west-1 and rotated there', async () => {
    const events = await trail(result.keyId);
    const tagged = events
      .filter((event) => event.eventName === 'TagResource')
      .map((event) => event.awsRegion);
    for (const region of REGIONS) expect(tagged, region).toContain(region);
    // UpdatePrimaryRegion is called in the old primary's Region (KMS logs it in both).
    expect(events.find((event) => event.eventName === 'UpdatePrimaryRegion')?.awsRegion).toBe('us-east-1');
    expect(
      events.filter((event) => event.eventName === 'RotateKeyOnDemand').map((event) => event.awsRegion),
    ).toEqual(['eu-west-1']);
  });

  it('repaired the alias deleted out of band in ap-southeast-2', async () => {
    const events = (await trail(result.keyId)).filter((event) => event.awsRegion === 'ap-southeast-2');
    const deleted = events.findIndex((event) => event.eventName === 'DeleteAlias');
    expect(deleted).toBeGreaterThanOrEqual(0);
    expect(events.slice(deleted + 1).some((event) => event.eventName === 'CreateAlias')).toBe(true);
  });

  it('deleted both key sets in every Region, replicas before the primary', async () => {
    for (const [keyId, regions] of [
      [result.keyId, REGIONS],
      [result.signingKeyId, ['us-east-1', 'eu-west-1']],
    ] as const) {
      for (const region of regions) {
        const client = new KMSClient({
          region,
          endpoint: stack.endpoints.kms,
          credentials: STACK_CREDENTIALS,
        });
        await expect(
          client.send(new DescribeKeyCommand({ KeyId: keyId })),
          `${keyId} in ${region}`,
        ).rejects.toMatchObject({
          name: 'NotFoundException',
        });
        client.destroy();
      }
    }
    const scheduled = (await trail(result.keyId)).filter(
      (event) => event.eventName === 'ScheduleKeyDeletion',
    );
    const primaryAt = scheduled.find((event) => event.awsRegion === 'eu-west-1')!.eventTime;
    for (const event of scheduled.filter((item) => item.awsRegion !== 'eu-west-1')) {
      expect(event.eventTime <= primaryAt, event.awsRegion).toBe(true);
    }
  });

  it('left an audit trail whose hash chain verifies', async () => {
    const audit = await api(`/keys/${result.keyId}/audit?verify=true&limit=100`);
    expect(audit.verification.valid).toBe(true);
    const actions = new Set(audit.items.map((event: Json) => event.action));
    for (const action of [
      'CreateKey',
      'ReplicateKey',
      'UpdatePrimaryRegion',
      'RotateKeyOnDemand',
      'ScheduleKeyDeletion',
    ]) {
      expect(actions, action).toContain(action);
    }
  });
});
