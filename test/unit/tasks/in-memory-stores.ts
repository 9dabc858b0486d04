// In-memory fakes of the key set, operation and audit ports, with the same idempotency and lock rules.
import { nextAuditEvent } from '../../../src/core/audit/audit-chain.js';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../../../src/core/errors.js';
import type { AuditEvent, AuditEventInput } from '../../../src/core/model/audit-event.js';
import type { DriftReport, KeySet } from '../../../src/core/model/key-set.js';
import type { Member } from '../../../src/core/model/member.js';
import {
  type Operation,
  type OperationError,
  type OperationStatus,
  type RegionStep,
  TERMINAL_OPERATION_STATUSES,
} from '../../../src/core/model/operation.js';
import type { AuditLog } from '../../../src/core/ports/audit-log.js';
import type { Clock } from '../../../src/core/ports/clock.js';
import type {
  KeySetChanges,
  KeySetRepository,
  LockRequest,
} from '../../../src/core/ports/key-set-repository.js';
import type { OperationRepository } from '../../../src/core/ports/operation-repository.js';
import type { Page } from '../../../src/core/ports/page.js';

export class InMemoryKeySetRepository implements KeySetRepository {
  readonly items = new Map<string, KeySet>();
  constructor(private readonly clock: Clock) {}

  async get(keyId: string) {
    return this.items.get(keyId);
  }
  async create(keySet: KeySet) {
    if (this.items.has(keySet.keyId)) throw new ConflictError(`Key ${keySet.keyId} is already managed`);
    this.items.set(keySet.keyId, { ...keySet, version: 1 });
    return this.items.get(keySet.keyId)!;
  }
  async update(
    keyId: string,
    expectedVersion: number,
    changes: KeySetChanges,
    options: { lock?: LockRequest } = {},
  ) {
    const current = this.#must(keyId);
    if (current.version !== expectedVersion) throw new PreconditionFailedError(`stale version of ${keyId}`);
    const locked = options.lock ? this.#lock(current, options.lock) : current;
    const next = {
      ...locked,
      ...changes,
      version: expectedVersion + 1,
      updatedAt: this.clock.now().toISOString(),
    };
    this.items.set(keyId, next);
    return next;
  }
  async acquireLock(keyId: string, lock: LockRequest) {
    const next = this.#lock(this.#must(keyId), lock);
    this.items.set(keyId, next);
    return next;
  }
  async releaseLock(keyId: string, operationId: string) {
    const current = this.items.get(keyId);
    if (current?.activeOperationId !== operationId) return false;
    const { activeOperationId: _op, lockExpiresAt: _at, ...rest } = current;
    this.items.set(keyId, rest);
    return true;
  }
  async recordMembers(
    keyId: string,
    members: readonly Member[],
    options: { removeRegions?: readonly string[] } = {},
  ) {
    const current = this.#must(keyId);
    const next: Record<string, Member> = { ...current.members };
    for (const member of members) next[member.region] = member;
    for (const region of options.removeRegions ?? []) delete next[region];
    this.items.set(keyId, { ...current, members: next });
  }
  async recordDrift(keyId: string, drift: DriftReport) {
    this.items.set(keyId, { ...this.#must(keyId), drift });
  }
  async listByTenant(tenant: string): Promise<Page<KeySet>> {
    return { items: [...this.items.values()].filter((item) => item.tenant === tenant) };
  }
  async listAll(): Promise<Page<KeySet>> {
    return { items: [...this.items.values()] };
  }

  #must(keyId: string): KeySet {
    const current = this.items.get(keyId);
    if (current === undefined) throw new NotFoundError(`Key ${keyId} is not managed`);
    return current;
  }
  #lock(current: KeySet, lock: LockRequest): KeySet {
    const now = this.clock.now();
    const held =
      current.activeOperationId !== undefined &&
      current.activeOperationId !== lock.operationId &&
      Date.parse(current.lockExpiresAt ?? '9999') > now.getTime();
    if (held) {
      throw new ConflictError(`Operation ${current.activeOperationId} is in progress`, {
        details: { activeOperationId: current.activeOperationId, lockExpiresAt: current.lockExpiresAt },
      });
    }
    return {
      ...current,
      activeOperationId: lock.operationId,
      lockExpiresAt: new Date(now.getTime() + lock.leaseMs).toISOString(),
    };
  }
}

export class InMemoryOperationRepository implements OperationRepository {
  readonly items = new Map<string, Operation>();
  constructor(private readonly clock: Clock) {}

  async create(operation: Operation) {
    const existing = this.items.get(operation.operationId);
    if (existing) return existing;
    this.items.set(operation.operationId, operation);
    return operation;
  }
  async get(operationId: string) {
    return this.items.get(operationId);
  }
  async recordStep(operationId: string, region: string, step: RegionStep) {
    const current = this.#must(operationId);
    const next = {
      ...current,
      regions: { ...current.regions, [region]: step },
      updatedAt: this.clock.now().toISOString(),
    };
    this.items.set(operationId, next);
    return next;
  }
  async setStatus(
    operationId: string,
    status: OperationStatus,
    extra: { error?: OperationError; executionArn?: string } = {},
  ) {
    const current = this.#must(operationId);
    if (TERMINAL_OPERATION_STATUSES.has(current.status) && current.status !== status) {
      throw new ConflictError(`Operation ${operationId} already finished as ${current.status}`);
    }
    const next = { ...current, status, ...extra, updatedAt: this.clock.now().toISOString() };
    this.items.set(operationId, next);
    return next;
  }
  async reopen(operationId: string): Promise<Operation> {
    const { error: _error, ...current } = this.#must(operationId);
    const next = { ...current, status: 'Pending' as const, updatedAt: this.clock.now().toISOString() };
    this.items.set(operationId, next);
    return next;
  }
  async recordExecution(operationId: string, executionArn: string) {
    const next = { ...this.#must(operationId), executionArn };
    this.items.set(operationId, next);
    return next;
  }
  async listByKey(keyId: string): Promise<Page<Operation>> {
    return { items: [...this.items.values()].filter((item) => item.keyId === keyId) };
  }
  #must(operationId: string): Operation {
    const current = this.items.get(operationId);
    if (current === undefined) throw new NotFoundError(`Operation ${operationId} does not exist`);
    return current;
  }
}

export class InMemoryAuditLog implements AuditLog {
  readonly events: AuditEvent[] = [];

  async append(input: AuditEventInput) {
    const existing = this.events.find((event) => event.eventId === input.eventId);
    if (existing) return existing;
    const chain = this.events.filter(
      (event) => event.keyId === input.keyId && event.writerRegion === input.writerRegion,
    );
    const event = nextAuditEvent(chain.at(-1), input);
    this.events.push(event);
    return event;
  }
  async readChain(keyId: string, writerRegion: string): Promise<Page<AuditEvent>> {
    return {
      items: this.events.filter((event) => event.keyId === keyId && event.writerRegion === writerRegion),
    };
  }
  async listByKey(keyId: string): Promise<Page<AuditEvent>> {
    return { items: this.events.filter((event) => event.keyId === keyId) };
  }
  async listByDay(day: string): Promise<Page<AuditEvent>> {
    return { items: this.events.filter((event) => event.at.startsWith(day)) };
  }
}
