// Deleting through the REST API, checked in KMS with the AWS SDK: one replica (the delete-replica workflow), and a
// whole set carried past its waiting periods on the emulator's clock until a live read finds it Deleted.
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiStack, startApiStack } from './api-stack.js';

let api: ApiStack;
let token: string;
const kms = (region: string) => api.kms(region);

async function keyState(region: string, keyId: string): Promise<string | undefined> {
  return (await kms(region).send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState;
}

beforeAll(async () => {
  api = await startApiStack();
  token = await api.token({ sub: 'alice', tenants: ['payments'], roles: ['operator'] });
});

afterAll(async () => {
  await api?.close();
});

async function createKey(replicaRegions: string[]): Promise<string> {
  const created = await api.call(token, 'POST', '/keys', {
    tenant: 'payments',
    primaryRegion: 'us-east-1',
    replicaRegions,
  });
  expect(created.status).toBe(202);
  expect((await api.settle(token, created.body.operation)).status).toBe('Succeeded');
  return created.body.key.keyId as string;
}

describe('DELETE /keys/{keyId}/replicas/{region}', () => {
  it('schedules that replica through a workflow; the primary and the other replica stay Enabled', async () => {
    const keyId = await createKey(['eu-west-1', 'ap-southeast-2']);
    const deleted = await api.call(
      token,
      'DELETE',
      `/keys/${keyId}/replicas/eu-west-1?pendingWindowInDays=7`,
    );
    expect(deleted.status).toBe(202);
    expect(deleted.body.operation).toMatchObject({ type: 'DeleteReplica', executionArn: expect.any(String) });
    expect(['Pending', 'Running']).toContain(deleted.body.operation.status);
    expect(deleted.body.key.desired.regions).toEqual(['us-east-1', 'ap-southeast-2']);
    const operation = await api.settle(token, deleted.body.operation);
    expect(operation).toMatchObject({
      status: 'Succeeded',
      executionArn: deleted.body.operation.executionArn,
      regions: { 'eu-west-1': { status: 'Succeeded' } },
    });
    expect(await keyState('eu-west-1', keyId)).toBe('PendingDeletion');
    expect(await keyState('us-east-1', keyId)).toBe('Enabled');
    expect(await keyState('ap-southeast-2', keyId)).toBe('Enabled');
    const key = await api.call(token, 'GET', `/keys/${keyId}`);
    expect(key.body).toMatchObject({
      status: 'Active',
      regions: { 'eu-west-1': { keyState: 'PendingDeletion' } },
    });
    expect(key.body.activeOperationId).toBeUndefined();
  });

  it("refuses the primary's Region with a 409 that says to promote another Region first", async () => {
    const keyId = await createKey(['eu-west-1']);
    const refused = await api.call(token, 'DELETE', `/keys/${keyId}/replicas/us-east-1`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/promote another Region first/);
    expect(await keyState('us-east-1', keyId)).toBe('Enabled');
  });
});

describe('a deletion that KMS has carried out', () => {
  it('GET /keys/{keyId}?live=true marks the set Deleted once the waiting periods passed and no member is left', async () => {
    const keyId = await createKey(['eu-west-1']);
    const deleted = await api.call(token, 'DELETE', `/keys/${keyId}?pendingWindowInDays=7`);
    expect(deleted.status).toBe(202);
    expect((await api.settle(token, deleted.body.operation)).status).toBe('Succeeded');
    expect((await api.call(token, 'GET', `/keys/${keyId}?live=true`)).body.status).toBe('PendingDeletion');

    // The replica goes after its 7 days; only then does the primary's own 7-day window start.
    await advanceKmsClock(7 * DAY + 60);
    const half = await api.call(token, 'GET', `/keys/${keyId}?live=true`);
    expect(half.body.status).toBe('PendingDeletion');
    expect(Object.keys(half.body.regions)).toEqual(['us-east-1']);
    await advanceKmsClock(7 * DAY + 60);
    const live = await api.call(token, 'GET', `/keys/${keyId}?live=true`);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'Deleted', regions: {} });
    expect((await api.call(token, 'GET', `/keys/${keyId}`)).body.status).toBe('Deleted');
    const listed = await api.call(token, 'GET', '/keys?tenant=payments&status=Deleted');
    expect(listed.body.items.map((item: { keyId: string }) => item.keyId)).toContain(keyId);
  });
});

const DAY = 24 * 60 * 60;

async function advanceKmsClock(seconds: number): Promise<void> {
  const response = await fetch(`${api.stack.endpoints.kms}/_emulator/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seconds }),
  });
  expect(response.status).toBe(200);
}
