import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventId } from '../../../src/core/audit/audit-chain.js';
import { verifyAuditChains } from '../../../src/core/audit/verify-audit-chains.js';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../../../src/core/errors.js';
import { FixedClock } from '../../../src/core/fakes/fixed-clock.js';
import { InMemoryAuditLog } from '../../../src/core/fakes/in-memory-audit-log.js';
import { InMemoryCreationIntentRepository } from '../../../src/core/fakes/in-memory-creation-intent-repository.js';
import { InMemoryKeySetRepository } from '../../../src/core/fakes/in-memory-key-set-repository.js';
import { InMemoryOperationRepository } from '../../../src/core/fakes/in-memory-operation-repository.js';
import type { KeyCreationIntent } from '../../../src/core/model/creation-intent.js';
import { NOT_STARTED_ERROR_CODE, pendingOperation } from '../../../src/core/model/operation.js';
import type { AuditLog } from '../../../src/core/ports/audit-log.js';
import type { CreationIntentRepository } from '../../../src/core/ports/creation-intent-repository.js';
import type { KeySetRepository } from '../../../src/core/ports/key-set-repository.js';
import type { OperationRepository } from '../../../src/core/ports/operation-repository.js';
import { keySetFixture, NOW } from '../../unit/core/fixtures.js';
import { type StoreFixture, startStore } from './store-fixture.js';

// The same contract against DynamoDB and against the in-memory fakes other tests rely on.
interface Ports {
  keySets: KeySetRepository;
  operations: OperationRepository;
  audit: AuditLog;
  intents: CreationIntentRepository;
  clock: FixedClock;
}

let dynamo: StoreFixture;
beforeAll(async () => {
  dynamo = await startStore();
});
afterAll(async () => {
  await dynamo.close();
});

function inMemory(): Ports {
  const clock = new FixedClock(NOW);
  return {
    keySets: new InMemoryKeySetRepository(clock),
    operations: new InMemoryOperationRepository(clock),
    audit: new InMemoryAuditLog(),
    intents: new InMemoryCreationIntentRepository(),
    clock,
  };
}

const keyIdOf = (prefix: string, n: number) =>
  `mrk-${prefix}${n.toString(16).padStart(32 - prefix.length, '0')}`;

describe.each([
  ['DynamoDB', () => dynamo as Ports, 'a'],
  ['in memory', inMemory, 'b'],
])('port contract: %s', (_name, make, prefix) => {
  it('creation intents: recorded once, the key id remembered, listed oldest first before a time, removed', async () => {
    const ports = make();
    const draft = keySetFixture({ keyId: keyIdOf(prefix, 90) });
    const intent = (n: number, createdAt: string): KeyCreationIntent => ({
      operationId: `op-intent-${prefix}-${n}`,
      requestedBy: 'alice',
      requestId: `req-${n}`,
      createdAt,
      draft: {
        tenant: draft.tenant,
        partition: draft.partition,
        keySpec: draft.keySpec,
        keyUsage: draft.keyUsage,
        origin: draft.origin,
        primaryRegion: draft.primaryRegion,
        regions: draft.regions,
        desired: { ...draft.desired, tags: { constructor: 'x', team: 'payments' } },
        defaultPolicy: true,
      },
    });
    const first = intent(1, '2031-01-01T00:00:00.000Z');
    expect(await ports.intents.record(first)).toEqual({ intent: first, fresh: true });
    const again = await ports.intents.record({ ...first, requestId: 'req-retry' });
    expect(again).toEqual({ intent: first, fresh: false });
    await ports.intents.setKeyId(first.operationId, draft.keyId);
    expect((await ports.intents.get(first.operationId))?.keyId).toBe(draft.keyId);
    expect((await ports.intents.get(first.operationId))?.draft.desired.tags).toEqual({
      constructor: 'x',
      team: 'payments',
    });
    await ports.intents.record(intent(2, '2031-01-01T00:00:01.000Z'));
    await ports.intents.record(intent(3, '2031-01-01T00:00:05.000Z'));
    const open = await ports.intents.listOpen(new Date('2031-01-01T00:00:02.000Z'));
    expect(open.items.map((item) => item.operationId)).toEqual([first.operationId, `op-intent-${prefix}-2`]);
    await ports.intents.remove(first.operationId);
    await ports.intents.remove(first.operationId);
    expect(await ports.intents.get(first.operationId)).toBeUndefined();
    await expect(ports.intents.setKeyId(first.operationId, draft.keyId)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    for (const n of [2, 3]) await ports.intents.remove(`op-intent-${prefix}-${n}`);
  });

  it('reopens only an operation whose workflow never started', async () => {
    const ports = make();
    const keySet = keySetFixture({ keyId: keyIdOf(prefix, 91) });
    const pending = pendingOperation(
      { operationId: `op-reopen-${prefix}`, type: 'Rotate', keySet, requestedBy: 'alice', input: {} },
      NOW,
    );
    await ports.operations.create(pending);
    await expect(ports.operations.reopen(pending.operationId)).rejects.toBeInstanceOf(ConflictError);
    await ports.operations.setStatus(pending.operationId, 'Failed', {
      error: { code: NOT_STARTED_ERROR_CODE, message: 'could not start' },
    });
    const reopened = await ports.operations.reopen(pending.operationId);
    expect(reopened.status).toBe('Pending');
    expect(reopened.error).toBeUndefined();
    await ports.operations.setStatus(pending.operationId, 'Failed', {
      error: { code: 'KmsUnavailable', message: 'x' },
    });
    await expect(ports.operations.reopen(pending.operationId)).rejects.toBeInstanceOf(ConflictError);
    await expect(ports.operations.reopen('op-none')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('versions, lock and lease', async () => {
    const ports = make();
    const keyId = keyIdOf(prefix, 1);
    await ports.keySets.create(keySetFixture({ keyId }));
    await expect(ports.keySets.create(keySetFixture({ keyId }))).rejects.toBeInstanceOf(ConflictError);
    const locked = await ports.keySets.update(
      keyId,
      1,
      { status: 'Deleting' },
      { lock: { operationId: 'op-1', leaseMs: 1000 } },
    );
    expect(locked).toMatchObject({ version: 2, status: 'Deleting', activeOperationId: 'op-1' });
    await expect(ports.keySets.update(keyId, 1, {})).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(
      ports.keySets.acquireLock(keyId, { operationId: 'op-2', leaseMs: 1000 }),
    ).rejects.toMatchObject({
      details: { activeOperationId: 'op-1' },
    });
    ports.clock.advance(1001);
    expect(
      (await ports.keySets.acquireLock(keyId, { operationId: 'op-2', leaseMs: 1000 })).activeOperationId,
    ).toBe('op-2');
    expect(await ports.keySets.releaseLock(keyId, 'op-1')).toBe(false);
    expect(await ports.keySets.releaseLock(keyId, 'op-2')).toBe(true);
    await expect(
      ports.keySets.acquireLock(keyIdOf(prefix, 999), { operationId: 'x', leaseMs: 1 }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pages a tenant in key id order and refuses foreign tokens', async () => {
    const ports = make();
    const tenant = `contract-${prefix}`;
    for (let i = 0; i < 5; i++)
      await ports.keySets.create(keySetFixture({ keyId: keyIdOf(prefix, 100 + i), tenant }));
    const first = await ports.keySets.listByTenant(tenant, { limit: 3 });
    const second = await ports.keySets.listByTenant(tenant, { limit: 3, nextToken: first.nextToken });
    expect([...first.items, ...second.items].map((item) => item.keyId)).toEqual(
      Array.from({ length: 5 }, (_, i) => keyIdOf(prefix, 100 + i)),
    );
    expect(second.nextToken).toBeUndefined();
    await expect(
      ports.keySets.listByTenant('payments', { nextToken: first.nextToken }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('records the execution ARN without touching the status, also on a finished operation', async () => {
    const ports = make();
    const operationId = `op-execution-${prefix}`;
    await ports.operations.create({
      operationId,
      type: 'Rotate',
      keyId: keyIdOf(prefix, 300),
      tenant: 'payments',
      requestedBy: 'alice',
      status: 'Pending',
      regions: {},
      createdAt: NOW,
      updatedAt: NOW,
    });
    const arn = 'arn:aws:states:us-east-1:111122223333:execution:rotate-key:x';
    expect(await ports.operations.recordExecution(operationId, arn)).toMatchObject({
      status: 'Pending',
      executionArn: arn,
    });
    // The workflow may finish before the API gets to record its execution.
    await ports.operations.setStatus(operationId, 'Succeeded');
    expect(await ports.operations.recordExecution(operationId, arn)).toMatchObject({
      status: 'Succeeded',
      executionArn: arn,
    });
    expect(await ports.operations.get(operationId)).toMatchObject({ status: 'Succeeded', executionArn: arn });
    await expect(ports.operations.recordExecution('op-missing', arn)).rejects.toBeInstanceOf(NotFoundError);
    expect(await ports.operations.get('op-missing')).toBeUndefined();
  });

  it('operations finish once; audit appends are idempotent and chained', async () => {
    const ports = make();
    const operationId = `op-contract-${prefix}`;
    const keyId = keyIdOf(prefix, 200);
    await ports.operations.create({
      operationId,
      type: 'Rotate',
      keyId,
      tenant: 'payments',
      requestedBy: 'alice',
      status: 'Running',
      regions: {},
      createdAt: NOW,
      updatedAt: NOW,
    });
    await ports.operations.setStatus(operationId, 'Failed', { error: { code: 'X', message: 'y' } });
    await expect(ports.operations.setStatus(operationId, 'Succeeded')).rejects.toBeInstanceOf(ConflictError);
    expect((await ports.operations.listByKey(keyId)).items.map((item) => item.status)).toEqual(['Failed']);

    const input = (step: string) => ({
      eventId: auditEventId(operationId, step),
      keyId,
      writerRegion: 'us-east-1',
      at: NOW,
      actor: 'alice',
      action: 'Rotate',
      requestId: 'r',
      result: 'Succeeded' as const,
    });
    const a = await ports.audit.append(input('a'));
    const b = await ports.audit.append(input('b'));
    expect(await ports.audit.append(input('a'))).toEqual(a);
    const chain = await ports.audit.readChain(keyId, 'us-east-1');
    expect(chain.items).toEqual([a, b]);
    expect(verifyAuditChains(chain.items).valid).toBe(true);
    expect((await ports.audit.listByDay('2026-01-01', { limit: 1000 })).items).toEqual(
      expect.arrayContaining([a, b]),
    );
  });
});
