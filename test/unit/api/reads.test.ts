// The read routes with fakes and the sample events: keys, drift, operations, audit, health.
import { describe, expect, it } from 'vitest';
import {
  createAuditApiHandler,
  createHealthApiHandler,
  createKeysApiHandler,
  createOperationsApiHandler,
} from '../../../src/app/api/create-api-handler.js';
import { fakeDeps } from './helpers/fake-deps.js';
import {
  ADMIN,
  AUDITOR,
  forKey,
  json,
  OPERATOR,
  OTHER_OPERATOR,
  sampleEvent,
  VIEWER,
} from './helpers/sample-events.js';
import { seedKey } from './helpers/seed.js';

describe('GET /keys', () => {
  it('lists a tenant with filters and pages with nextToken', async () => {
    const deps = fakeDeps();
    for (let index = 0; index < 3; index++) await seedKey(deps);
    await seedKey(deps, { replicas: ['ap-southeast-2'] });
    await seedKey(deps, { tenant: 'search' });
    const handler = createKeysApiHandler(deps);
    const all = json(await handler(sampleEvent('list-keys', { principal: VIEWER }))) as { items: unknown[] };
    expect(all.items).toHaveLength(4);
    const sydney = json(
      await handler(sampleEvent('list-keys', { query: { tenant: 'payments', region: 'ap-southeast-2' } })),
    );
    expect(sydney.items).toHaveLength(1);
    const first = json(
      await handler(sampleEvent('list-keys', { query: { tenant: 'payments', limit: '3' } })),
    ) as { items: unknown[]; nextToken: string };
    expect(first.items).toHaveLength(3);
    const second = json(
      await handler(
        sampleEvent('list-keys', { query: { tenant: 'payments', limit: '3', nextToken: first.nextToken } }),
      ),
    );
    expect(second).toEqual({ items: [expect.any(Object)] });
    const admin = json(await handler(sampleEvent('list-keys', { principal: ADMIN, query: null }))) as {
      items: unknown[];
    };
    expect(admin.items).toHaveLength(5);
    const forged = await handler(
      sampleEvent('list-keys', { query: { tenant: 'payments', nextToken: 'forged@1' } }),
    );
    expect(forged.statusCode).toBe(400);
  });

  it('needs ?tenant= from a caller of several tenants', async () => {
    const deps = fakeDeps();
    const result = await createKeysApiHandler(deps)(
      sampleEvent('list-keys', {
        principal: { sub: 'multi', tenants: ['a', 'b'], roles: ['viewer'] },
        query: null,
      }),
    );
    expect(result.statusCode).toBe(400);
  });
});

describe('GET /keys/{keyId} and drift', () => {
  it('shows desired and observed state with the version as ETag; ?live=true reads KMS now', async () => {
    const deps = fakeDeps();
    const key = await seedKey(deps);
    const handler = createKeysApiHandler(deps);
    const stored = await handler(forKey('get-key', key.keyId));
    expect(stored.statusCode).toBe(200);
    expect(stored.headers?.etag).toBe('"1"');
    expect(json(stored)).toMatchObject({
      keyId: key.keyId,
      tenant: 'payments',
      regions: { 'eu-west-1': { role: 'REPLICA' } },
    });
    deps.kms.calls.length = 0;
    const live = await handler(forKey('get-key', key.keyId, { query: { live: 'true' } }));
    expect(json(live)).toMatchObject({ regions: { 'us-east-1': { role: 'PRIMARY', tags: { team: 'x' } } } });
    expect(deps.kms.calls).toEqual(
      expect.arrayContaining(['DescribeKey:us-east-1', 'DescribeKey:eu-west-1']),
    );
  });

  it('?live=true marks a PendingDeletion set Deleted once KMS has no member left, and only then', async () => {
    const deps = fakeDeps();
    const key = await seedKey(deps, { status: 'PendingDeletion' });
    const handler = createKeysApiHandler(deps);
    const live = () => handler(forKey('get-key', key.keyId, { query: { live: 'true' } }));
    deps.kms.keys.delete(`eu-west-1/${key.keyId}`);
    expect(json(await live())).toMatchObject({ status: 'PendingDeletion' });
    expect((await deps.keySets.get(key.keyId))?.status).toBe('PendingDeletion');
    deps.kms.keys.delete(`us-east-1/${key.keyId}`);
    const gone = await live();
    expect(gone.statusCode).toBe(200);
    expect(json(gone)).toMatchObject({ status: 'Deleted', version: 2, regions: {} });
    expect(await deps.keySets.get(key.keyId)).toMatchObject({ status: 'Deleted', members: {} });
    expect(json(await handler(forKey('get-key', key.keyId)))).toMatchObject({
      status: 'Deleted',
      regions: {},
    });
    const audit = await deps.audit.listByKey(key.keyId);
    expect(audit.items.filter((event) => event.action === 'KeySetDeleted')).toHaveLength(1);
    await live();
    expect((await deps.keySets.get(key.keyId))?.version).toBe(2);
  });

  it('?live=true leaves an Active set whose keys vanished as it is (that is drift, not a finished deletion)', async () => {
    const deps = fakeDeps();
    const key = await seedKey(deps);
    for (const region of key.regions) deps.kms.keys.delete(`${region}/${key.keyId}`);
    const live = await createKeysApiHandler(deps)(forKey('get-key', key.keyId, { query: { live: 'true' } }));
    expect(json(live)).toMatchObject({ status: 'Active', regions: {} });
    expect((await deps.keySets.get(key.keyId))?.status).toBe('Active');
  });

  it("hides another tenant's key as 404, logged as a denial but kept out of that key's audit trail", async () => {
    const deps = fakeDeps();
    const key = await seedKey(deps, { tenant: 'search' });
    const result = await createKeysApiHandler(deps)(forKey('get-key', key.keyId, { principal: OPERATOR }));
    expect(result.statusCode).toBe(404);
    expect(json(result)).toEqual({
      error: 'NotFound',
      message: `Key ${key.keyId} was not found`,
      requestId: 'req-get-key',
      details: { keyId: key.keyId },
    });
    expect((await deps.audit.listByKey(key.keyId)).items).toEqual([]);
    expect(deps.telemetry.entries.find((entry) => entry.message === 'Request denied')?.extra).toEqual([
      expect.objectContaining({ status: 404, audited: false, notAuditedBecause: 'unknown-key' }),
    ]);
  });

  it('answers the stored drift report (Unknown before any scan) or a live comparison', async () => {
    const deps = fakeDeps();
    const key = await seedKey(deps);
    const handler = createKeysApiHandler(deps);
    expect(json(await handler(forKey('get-drift', key.keyId)))).toEqual({
      status: 'Unknown',
      findings: [],
      scannedAt: null,
      live: false,
    });
    deps.kms.keys.delete(`eu-west-1/${key.keyId}`);
    const live = json(await handler(forKey('get-drift', key.keyId, { query: { live: 'true' } }))) as {
      status: string;
      findings: { kind: string; region: string }[];
    };
    expect(live.status).toBe('Drifted');
    expect(live.findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'MissingReplica', region: 'eu-west-1' })]),
    );
  });

  it('shows a live check as the stored report afterwards (the last check, whichever started it)', async () => {
    const deps = fakeDeps();
    const key = await seedKey(deps);
    const handler = createKeysApiHandler(deps);
    deps.kms.keys.delete(`eu-west-1/${key.keyId}`);
    const live = json(await handler(forKey('get-drift', key.keyId, { query: { live: 'true' } })));
    const stored = json(await handler(forKey('get-drift', key.keyId)));
    expect(stored).toMatchObject({ status: 'Drifted', live: false, scannedAt: live.scannedAt });
    expect(stored.findings).toEqual(live.findings);
    expect((await deps.keySets.get(key.keyId))?.version).toBe(1);
  });
});

describe('operations', () => {
  it('shows an operation with per-Region progress; another tenant gets 404', async () => {
    const deps = fakeDeps();
    const key = await seedKey(deps);
    await createKeysApiHandler(deps)(forKey('rotate-key', key.keyId));
    const [operation] = (await deps.operations.listByKey(key.keyId)).items;
    await deps.operations.recordStep(operation!.operationId, 'eu-west-1', {
      status: 'Running',
      updatedAt: '2026-01-01T00:00:01.000Z',
    });
    const handler = createOperationsApiHandler(deps);
    const event = sampleEvent('get-operation', {
      path: `/operations/${operation!.operationId}`,
      pathParameters: { operationId: operation!.operationId },
    });
    expect(json(await handler(event))).toMatchObject({
      type: 'Rotate',
      status: 'Pending',
      regions: { 'eu-west-1': { status: 'Running' } },
      executionArn: `arn:aws:states:us-east-1:111122223333:execution:rotate-key:${operation!.operationId}`,
    });
    expect(
      (
        await handler({
          ...event,
          requestContext: sampleEvent('get-operation', { principal: OTHER_OPERATOR }).requestContext,
        })
      ).statusCode,
    ).toBe(404);
    const list = json(await handler(forKey('list-key-operations', key.keyId))) as {
      items: { operationId: string }[];
    };
    expect(list.items.map((item) => item.operationId)).toEqual([operation!.operationId]);
  });
});

describe('audit', () => {
  it("verifies a key's hash chain and shows a day of the fleet to auditors only", async () => {
    const deps = fakeDeps();
    const key = await seedKey(deps, { tenant: 'search' });
    await createKeysApiHandler(deps)(forKey('rotate-key', key.keyId, { principal: ADMIN }));
    const handler = createAuditApiHandler(deps);
    const trail = json(await handler(forKey('get-key-audit', key.keyId, { principal: AUDITOR }))) as {
      items: unknown[];
      verification: { valid: boolean };
    };
    expect(trail.items).toHaveLength(1);
    expect(trail.verification.valid).toBe(true);
    const fleet = await handler(sampleEvent('get-fleet-audit', { principal: AUDITOR }));
    expect(json(fleet)).toMatchObject({ verification: { valid: true }, items: [{ keyId: key.keyId }] });
    expect((await handler(sampleEvent('get-fleet-audit', { principal: OPERATOR }))).statusCode).toBe(403);
  });
});

describe('audit verification', () => {
  it('checks the chains in the table, so a stray index entry cannot fail (or fake) the result', async () => {
    const deps = fakeDeps();
    const key = await seedKey(deps, { tenant: 'search' });
    await createKeysApiHandler(deps)(forKey('rotate-key', key.keyId, { principal: ADMIN }));
    const [event] = (await deps.audit.listByKey(key.keyId)).items;
    if (event === undefined) throw new Error('expected an audit event');
    // The per-key index also returns an entry whose table item never landed (same sequence, other id).
    const listByKey = deps.audit.listByKey.bind(deps.audit);
    deps.audit.listByKey = async (keyId, page) => {
      const listed = await listByKey(keyId, page);
      return { ...listed, items: [...listed.items, { ...event, eventId: 'op-cut-off/step' }] };
    };
    const handler = createAuditApiHandler(deps);
    const trail = json(await handler(forKey('get-key-audit', key.keyId, { principal: AUDITOR }))) as {
      verification: { valid: boolean; chains: unknown[] };
    };
    expect(trail.verification).toMatchObject({
      valid: true,
      chains: [{ writerRegion: event.writerRegion, length: 1 }],
    });

    // A change to the stored chain itself is still found.
    const stored = (await deps.audit.readChain(key.keyId, event.writerRegion)).items[0] as { action: string };
    stored.action = 'Tampered';
    const tampered = json(await handler(forKey('get-key-audit', key.keyId, { principal: AUDITOR }))) as {
      verification: { valid: boolean; firstBroken: { reason: string } };
    };
    expect(tampered.verification).toMatchObject({ valid: false, firstBroken: { reason: 'HashMismatch' } });
  });
});

describe('health', () => {
  it('answers without a token; an unknown route of the function is a JSON 404', async () => {
    const handler = createHealthApiHandler(fakeDeps());
    expect(json(await handler(sampleEvent('get-health')))).toEqual({
      status: 'ok',
      time: '2026-01-01T00:00:00.000Z',
    });
    const unknown = await handler({ ...sampleEvent('get-health'), resource: '/nope', path: '/nope' });
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown)).toMatchObject({ error: 'NotFound', requestId: 'req-get-health' });
  });
});
