// A client that sees an operation finished may send the next mutation at once: the key's lock is already free.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiStack, startApiStack } from './api-stack.js';

let api: ApiStack;
let token: string;

beforeAll(async () => {
  api = await startApiStack();
  token = await api.token({ sub: 'alice', tenants: ['payments'], roles: ['operator'] });
});

afterAll(async () => {
  await api?.close();
});

/** Polls GET /operations/{id} back to back (no waiting on the execution) until the status is final. */
async function pollUntilFinished(operationId: string): Promise<string> {
  for (;;) {
    const { body } = await api.call(token, 'GET', `/operations/${operationId}`);
    if (body.status !== 'Pending' && body.status !== 'Running') return body.status as string;
  }
}

describe('the lock after an operation finishes', () => {
  it('lets the next PATCH through as soon as GET /operations shows Succeeded, every time', async () => {
    const created = await api.call(token, 'POST', '/keys', {
      tenant: 'payments',
      primaryRegion: 'us-east-1',
      replicaRegions: ['eu-west-1'],
    });
    expect(created.status).toBe(202);
    const keyId = created.body.key.keyId as string;
    let operationId = created.body.operation.operationId as string;
    for (let round = 1; round <= 8; round++) {
      expect(await pollUntilFinished(operationId)).toBe('Succeeded');
      const patched = await api.call(token, 'PATCH', `/keys/${keyId}`, { description: `round ${round}` });
      expect(patched.status, JSON.stringify(patched.body)).toBe(202);
      operationId = patched.body.operation.operationId;
    }
    expect(await pollUntilFinished(operationId)).toBe('Succeeded');
  });
});
