// The API routes of the drift work, through the keys and audit handlers with fakes: approve a proposal,
// set a policy, read the stored drift record, and the fleet audit over a time range.
import { describe, expect, it } from 'vitest';
import { createAuditApiHandler, createKeysApiHandler } from '../../../src/app/api/create-api-handler.js';
import type { RemediationPlan } from '../../../src/core/drift/plan-remediation.js';
import { fakeDeps } from '../api/helpers/fake-deps.js';
import { AUDITOR, json, OPERATOR, OTHER_OPERATOR, sampleEvent } from '../api/helpers/sample-events.js';
import { keySetFixture } from '../core/fixtures.js';

const KEY = 'mrk-0123456789abcdef0123456789abcdef';
const plan: RemediationPlan = {
  inline: [],
  workflow: { name: 'sync-properties', input: {} },
  kinds: ['PropertyDrift'],
  needsApproval: true,
  signature: 'abc',
  summary: 'run sync-properties',
};

let requests = 0;

function post(
  resource: string,
  path: string,
  params: Record<string, string>,
  body: unknown,
  principal = OPERATOR,
) {
  const headers = { 'Idempotency-Key': `request-${++requests}` };
  const event = sampleEvent('reconcile-key', { principal, body, path, pathParameters: params, headers });
  event.resource = resource;
  return event;
}

async function seeded() {
  const deps = fakeDeps();
  await deps.keySets.create(keySetFixture({ keyId: KEY }));
  await deps.operations.create({
    operationId: 'rem-1',
    type: 'Reconcile',
    keyId: KEY,
    tenant: 'payments',
    requestedBy: 'system:drift-scan',
    status: 'Pending',
    regions: {},
    input: { remediation: plan as never, awaitingApproval: true },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
  return deps;
}

describe('drift routes', () => {
  it('approves a proposal once: the workflow starts as the approver; a second approval is 409', async () => {
    const deps = await seeded();
    const handler = createKeysApiHandler(deps);
    const approve = (principal = OPERATOR, id = 'rem-1') =>
      handler(
        post(
          '/keys/{keyId}/remediations/{remediationId}/approve',
          `/keys/${KEY}/remediations/${id}/approve`,
          { keyId: KEY, remediationId: id },
          undefined,
          principal,
        ),
        {} as never,
      );
    expect((await approve(OTHER_OPERATOR)).statusCode).toBe(404);
    expect((await approve(OPERATOR, 'rem-unknown')).statusCode).toBe(404);
    const first = await approve();
    expect(first.statusCode).toBe(202);
    expect(deps.workflows.started).toMatchObject([
      { workflow: 'sync-properties', input: { operationId: 'rem-1', keyId: KEY } },
    ]);
    const audit = await deps.audit.listByKey(KEY);
    expect(audit.items.map((event) => `${event.action}:${event.actor}`)).toContain(
      'ReconcileRequested:alice',
    );
    expect((await deps.keySets.get(KEY))?.activeOperationId).toBe('rem-1');
    expect((await approve()).statusCode).toBe(409);
  });

  it('sets and clears the policy, and GET drift shows it before any scan', async () => {
    const deps = await seeded();
    const handler = createKeysApiHandler(deps);
    const set = (policy: unknown) =>
      handler(
        post(
          '/keys/{keyId}/remediation-policy',
          `/keys/${KEY}/remediation-policy`,
          { keyId: KEY },
          { policy },
        ),
        {} as never,
      );
    expect((await set('sometimes')).statusCode).toBe(400);
    const done = await set('auto');
    expect(json(done)).toEqual({ keyId: KEY, policy: 'auto' });
    const drift = await handler(sampleEvent('get-drift', { principal: OPERATOR }), {} as never);
    expect(json(drift)).toMatchObject({ status: 'Unknown', policy: 'auto', live: false });
    expect(json(await set(null))).toEqual({ keyId: KEY, policy: null });
  });

  it('answers the fleet audit over a range, filtered by actor, with verification', async () => {
    const deps = await seeded();
    await deps.audit.append({
      eventId: 'a',
      keyId: KEY,
      writerRegion: 'us-east-1',
      at: '2026-01-01T10:00:00.000Z',
      actor: 'alice',
      action: 'X',
      requestId: 'r',
      result: 'Succeeded',
    });
    await deps.audit.append({
      eventId: 'b',
      keyId: KEY,
      writerRegion: 'us-east-1',
      at: '2026-01-02T10:00:00.000Z',
      actor: 'bob',
      action: 'Y',
      requestId: 'r',
      result: 'Succeeded',
    });
    const handler = createAuditApiHandler(deps);
    const query = { from: '2026-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z', actor: 'bob', verify: 'true' };
    const answer = await handler(sampleEvent('get-fleet-audit', { principal: AUDITOR, query }), {} as never);
    expect(answer.statusCode).toBe(200);
    expect(json(answer)).toMatchObject({ items: [{ eventId: 'b' }], verification: { valid: true } });
    const both = await handler(
      sampleEvent('get-fleet-audit', {
        principal: AUDITOR,
        query: { day: '2026-01-01', from: '2026-01-01T00:00:00Z' },
      }),
      {} as never,
    );
    expect(both.statusCode).toBe(400);
  });
});
