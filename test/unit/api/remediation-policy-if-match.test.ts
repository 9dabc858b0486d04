// POST /keys/{keyId}/remediation-policy honours If-Match like every other mutating route: stale is 412.
import { describe, expect, it } from 'vitest';
import { createKeysApiHandler } from '../../../src/app/api/create-api-handler.js';
import { fakeDeps } from './helpers/fake-deps.js';
import { forKey, json, OPERATOR } from './helpers/sample-events.js';
import { seedKey } from './helpers/seed.js';

describe('remediation policy and If-Match', () => {
  it('answers 412 to a stale If-Match and keeps the policy; the current version or none succeeds', async () => {
    const deps = fakeDeps();
    const key = await seedKey(deps);
    const handler = createKeysApiHandler(deps);
    const set = (policy: string, ifMatch: string | undefined, idempotencyKey: string) => {
      const event = forKey('set-remediation-policy', key.keyId, { principal: OPERATOR, body: { policy } });
      event.headers = { ...event.headers, 'Idempotency-Key': idempotencyKey };
      if (ifMatch !== undefined) event.headers['If-Match'] = ifMatch;
      return handler(event);
    };
    const stale = await set('auto', `"${key.version + 1}"`, 'k1');
    expect(stale.statusCode).toBe(412);
    expect(json(stale)).toMatchObject({ error: 'PreconditionFailed' });
    expect((await deps.keySets.get(key.keyId))?.drift).toBeUndefined();
    const current = await set('approve', `"${key.version}"`, 'k2');
    expect(current.statusCode).toBe(200);
    expect(json(current)).toEqual({ keyId: key.keyId, policy: 'approve' });
    expect((await set('report', undefined, 'k3')).statusCode).toBe(200);
  });
});
