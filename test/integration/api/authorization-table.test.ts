// Every route x every role x own/other tenant through the local gateway, with the expected status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_ROUTES } from '../../../src/app/api/routes/all-routes.js';
import type { RemediationPlan } from '../../../src/core/drift/plan-remediation.js';
import { fakeDeps } from '../../unit/api/helpers/fake-deps.js';
import { seedKey } from '../../unit/api/helpers/seed.js';
import { type FakeGateway, startFakeGateway } from './fake-gateway.js';

type Kind = 'public' | 'read' | 'list' | 'write' | 'setting' | 'create' | 'audit' | 'fleet';
type Role = 'admin' | 'operator' | 'auditor' | 'viewer' | 'none' | 'anonymous';

/** What each kind of route answers per role, for the caller's own tenant and for another tenant. */
const EXPECTED: Record<Kind, Record<Role, [own: number, other: number]>> = {
  public: {
    admin: [200, 200],
    operator: [200, 200],
    auditor: [200, 200],
    viewer: [200, 200],
    none: [200, 200],
    anonymous: [200, 200],
  },
  read: {
    admin: [200, 200],
    operator: [200, 404],
    auditor: [403, 403],
    viewer: [200, 404],
    none: [403, 403],
    anonymous: [401, 401],
  },
  list: {
    admin: [200, 200],
    operator: [200, 403],
    auditor: [403, 403],
    viewer: [200, 403],
    none: [403, 403],
    anonymous: [401, 401],
  },
  write: {
    admin: [202, 202],
    operator: [202, 404],
    auditor: [403, 403],
    viewer: [403, 403],
    none: [403, 403],
    anonymous: [401, 401],
  },
  /** A write answered at once (200), not by a workflow (202). */
  setting: {
    admin: [200, 200],
    operator: [200, 404],
    auditor: [403, 403],
    viewer: [403, 403],
    none: [403, 403],
    anonymous: [401, 401],
  },
  create: {
    admin: [202, 202],
    operator: [202, 403],
    auditor: [403, 403],
    viewer: [403, 403],
    none: [403, 403],
    anonymous: [401, 401],
  },
  audit: {
    admin: [200, 200],
    operator: [200, 404],
    auditor: [200, 200],
    viewer: [403, 403],
    none: [403, 403],
    anonymous: [401, 401],
  },
  fleet: {
    admin: [200, 200],
    operator: [403, 403],
    auditor: [200, 200],
    viewer: [403, 403],
    none: [403, 403],
    anonymous: [401, 401],
  },
};

interface Target {
  keyId: string;
  pendingKeyId: string;
  unmanagedKeyId: string;
  tenant: string;
  operationId: string;
  /** A remediation the drift scan proposed for keyId, waiting for approval. */
  remediationId: string;
}

interface Case {
  kind: Kind;
  request(target: Target): { method: string; path: string; body?: unknown };
}

const CASES: Record<string, Case> = {
  createKey: {
    kind: 'create',
    request: (t) => ({
      method: 'POST',
      path: '/keys',
      body: { tenant: t.tenant, primaryRegion: 'us-east-1', replicaRegions: ['eu-west-1'] },
    }),
  },
  listKeys: { kind: 'list', request: (t) => ({ method: 'GET', path: `/keys?tenant=${t.tenant}` }) },
  getKey: { kind: 'read', request: (t) => ({ method: 'GET', path: `/keys/${t.keyId}` }) },
  updateKey: {
    kind: 'write',
    request: (t) => ({ method: 'PATCH', path: `/keys/${t.keyId}`, body: { description: 'new' } }),
  },
  addReplicas: {
    kind: 'write',
    request: (t) => ({
      method: 'POST',
      path: `/keys/${t.keyId}/replicas`,
      body: { regions: ['ap-southeast-2'] },
    }),
  },
  deleteReplica: {
    kind: 'write',
    request: (t) => ({ method: 'DELETE', path: `/keys/${t.keyId}/replicas/eu-west-1?pendingWindowInDays=7` }),
  },
  promoteReplica: {
    kind: 'write',
    request: (t) => ({ method: 'POST', path: `/keys/${t.keyId}/primary`, body: { region: 'eu-west-1' } }),
  },
  rotateKey: { kind: 'write', request: (t) => ({ method: 'POST', path: `/keys/${t.keyId}/rotations` }) },
  deleteKey: {
    kind: 'write',
    request: (t) => ({ method: 'DELETE', path: `/keys/${t.keyId}?pendingWindowInDays=7` }),
  },
  cancelDeletion: {
    kind: 'write',
    request: (t) => ({
      method: 'POST',
      path: `/keys/${t.pendingKeyId}/cancel-deletion`,
      body: { enable: true },
    }),
  },
  getDrift: { kind: 'read', request: (t) => ({ method: 'GET', path: `/keys/${t.keyId}/drift` }) },
  reconcileKey: { kind: 'write', request: (t) => ({ method: 'POST', path: `/keys/${t.keyId}/reconcile` }) },
  adoptKey: {
    kind: 'create',
    request: (t) => ({
      method: 'POST',
      path: '/keys/adopt',
      body: { keyId: t.unmanagedKeyId, region: 'eu-west-1', tenant: t.tenant },
    }),
  },
  approveRemediation: {
    kind: 'write',
    request: (t) => ({ method: 'POST', path: `/keys/${t.keyId}/remediations/${t.remediationId}/approve` }),
  },
  setRemediationPolicy: {
    kind: 'setting',
    request: (t) => ({
      method: 'POST',
      path: `/keys/${t.keyId}/remediation-policy`,
      body: { policy: 'auto' },
    }),
  },
  getOperation: { kind: 'read', request: (t) => ({ method: 'GET', path: `/operations/${t.operationId}` }) },
  listKeyOperations: {
    kind: 'read',
    request: (t) => ({ method: 'GET', path: `/keys/${t.keyId}/operations` }),
  },
  getKeyAudit: {
    kind: 'audit',
    request: (t) => ({ method: 'GET', path: `/keys/${t.keyId}/audit?verify=true` }),
  },
  getFleetAudit: { kind: 'fleet', request: () => ({ method: 'GET', path: '/audit?day=2026-01-01' }) },
  getHealth: { kind: 'public', request: () => ({ method: 'GET', path: '/health' }) },
  getOpenApi: { kind: 'public', request: () => ({ method: 'GET', path: '/openapi.json' }) },
};

const IDENTITIES: Record<Exclude<Role, 'anonymous'>, { sub: string; tenants: string[]; roles: string[] }> = {
  admin: { sub: 'root', tenants: [], roles: ['admin'] },
  operator: { sub: 'alice', tenants: ['payments'], roles: ['operator'] },
  auditor: { sub: 'audrey', tenants: ['payments'], roles: ['auditor'] },
  viewer: { sub: 'victor', tenants: ['payments'], roles: ['viewer'] },
  none: { sub: 'nobody', tenants: ['payments'], roles: [] },
};

let gateway: FakeGateway;
const tokens: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  gateway = await startFakeGateway();
  for (const [role, identity] of Object.entries(IDENTITIES))
    tokens[role as Role] = await gateway.token(identity);
});
afterAll(() => gateway?.close());

const PROPOSAL: RemediationPlan = {
  inline: [],
  workflow: { name: 'sync-properties', input: {} },
  kinds: ['PropertyDrift'],
  needsApproval: true,
  signature: 'proposal',
  summary: 'run sync-properties',
};

/**
 * Fresh state per case, in `tenant`: a key, a key pending deletion, an unmanaged MRK, an operation and a
 * remediation awaiting approval.
 */
async function arrange(tenant: string): Promise<Target> {
  const deps = fakeDeps();
  gateway.deps = deps;
  const key = await seedKey(deps, { tenant });
  const pending = await seedKey(deps, { tenant, status: 'PendingDeletion' });
  const unmanaged = await deps.kms.createKey('us-east-1', { description: 'outside' });
  deps.kms.addReplica('us-east-1', unmanaged.keyId, 'eu-west-1');
  const now = deps.clock.now().toISOString();
  await deps.operations.create({
    operationId: 'op-seeded',
    type: 'Rotate',
    keyId: key.keyId,
    tenant,
    requestedBy: 'someone',
    status: 'Succeeded',
    regions: {},
    createdAt: now,
    updatedAt: now,
  });
  await deps.operations.create({
    operationId: 'rem-seeded',
    type: 'Reconcile',
    keyId: key.keyId,
    tenant,
    requestedBy: 'system:drift-scan',
    status: 'Pending',
    regions: {},
    input: { remediation: PROPOSAL as never, awaitingApproval: true },
    createdAt: now,
    updatedAt: now,
  });
  return {
    keyId: key.keyId,
    pendingKeyId: pending.keyId,
    unmanagedKeyId: unmanaged.keyId,
    tenant,
    operationId: 'op-seeded',
    remediationId: 'rem-seeded',
  };
}

/** Whether a role sees a key of its own or another tenant under some permission it holds (roles.ts). */
function seesKey(role: Role, tenancy: 'own' | 'other'): boolean {
  if (role === 'admin' || role === 'auditor') return true;
  return (role === 'operator' || role === 'viewer') && tenancy === 'own';
}

describe('authorization table', () => {
  it('covers exactly the routes the router serves', () => {
    expect(Object.keys(CASES).sort()).toEqual(ALL_ROUTES.map((route) => route.operationId).sort());
  });

  const rows = Object.entries(CASES).flatMap(([operationId, spec]) =>
    (Object.keys(EXPECTED[spec.kind]) as Role[]).flatMap((role) =>
      (['own', 'other'] as const).map((tenancy) => ({
        operationId,
        role,
        tenancy,
        expected: EXPECTED[spec.kind][role][tenancy === 'own' ? 0 : 1],
      })),
    ),
  );

  it.each(rows)('$operationId as $role on the $tenancy tenant answers $expected', async (row) => {
    const target = await arrange(row.tenancy === 'own' ? 'payments' : 'search');
    const { method, path, body } = CASES[row.operationId]!.request(target);
    const token = tokens[row.role];
    const response = await fetch(`${gateway.baseUrl}${path}`, {
      method,
      headers: {
        ...(token !== undefined && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as { error?: string; requestId?: string };
    expect({ status: response.status, error: answer.error }).toMatchObject({ status: row.expected });
    if (response.status >= 400) {
      expect(answer.requestId).toEqual(expect.any(String));
      const denials = (await gateway.deps.audit.listByDay('2026-01-01')).items.filter(
        (event) => event.result === 'Denied',
      );
      // Only accountable callers write to the trail: an authenticated caller denied on a fleet route, or on
      // a key it can see. 401s and denials about keys the caller cannot see (every 404) are logged only.
      const concernsKey =
        [target.keyId, target.pendingKeyId].some((id) => path.includes(id)) || response.status === 404;
      const audited = row.role !== 'anonymous' && (!concernsKey || seesKey(row.role, row.tenancy));
      expect(denials.length).toBe(audited ? 1 : 0);
      if (audited) {
        expect(denials[0]!.details).toMatchObject({ status: response.status, reason: expect.any(String) });
      }
    }
  });
});
