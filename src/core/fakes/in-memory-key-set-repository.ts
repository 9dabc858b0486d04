// InMemoryKeySetRepository: the KeySetRepository contract (versions, leased lock, paging) in a Map, for tests.
import { ConflictError, NotFoundError, PreconditionFailedError } from '../errors.js';
import type { DriftReport, KeySet } from '../model/key-set.js';
import type { Member } from '../model/member.js';
import type { Clock } from '../ports/clock.js';
import type { KeySetChanges, KeySetRepository, LockRequest } from '../ports/key-set-repository.js';
import type { Page, PageRequest } from '../ports/page.js';
import { pageOf } from './fake-paging.js';

export class InMemoryKeySetRepository implements KeySetRepository {
  readonly #items = new Map<string, KeySet>();

  constructor(private readonly clock: Clock) {}

  async get(keyId: string): Promise<KeySet | undefined> {
    return structuredClone(this.#items.get(keyId));
  }

  async create(keySet: KeySet): Promise<KeySet> {
    if (this.#items.has(keySet.keyId))
      throw new ConflictError(`Key ${keySet.keyId} is already managed`, { details: { keyId: keySet.keyId } });
    const stored = { ...structuredClone(keySet), version: 1 };
    this.#items.set(keySet.keyId, stored);
    return structuredClone(stored);
  }

  async update(
    keyId: string,
    expectedVersion: number,
    changes: KeySetChanges,
    options: { readonly lock?: LockRequest } = {},
  ): Promise<KeySet> {
    const current = this.#require(keyId);
    if (current.version !== expectedVersion) {
      throw new PreconditionFailedError(
        `Key ${keyId} is at version ${current.version}, not ${expectedVersion}; read it again and retry`,
        {
          details: { keyId, expectedVersion, currentVersion: current.version },
        },
      );
    }
    if (options.lock) this.#checkLock(current, options.lock.operationId);
    const { desired, regions, primaryRegion, status } = changes;
    const next: KeySet = {
      ...current,
      ...(desired !== undefined && { desired }),
      ...(regions !== undefined && { regions }),
      ...(primaryRegion !== undefined && { primaryRegion }),
      ...(status !== undefined && { status }),
      ...(options.lock && this.#lockFields(options.lock)),
      version: expectedVersion + 1,
      updatedAt: this.clock.now().toISOString(),
    };
    this.#items.set(keyId, structuredClone(next));
    return structuredClone(next);
  }

  async acquireLock(keyId: string, lock: LockRequest): Promise<KeySet> {
    const current = this.#require(keyId);
    this.#checkLock(current, lock.operationId);
    const next = { ...current, ...this.#lockFields(lock) };
    this.#items.set(keyId, next);
    return structuredClone(next);
  }

  async releaseLock(keyId: string, operationId: string): Promise<boolean> {
    const current = this.#items.get(keyId);
    if (current?.activeOperationId !== operationId) return false;
    const { activeOperationId: _op, lockExpiresAt: _exp, ...rest } = current;
    this.#items.set(keyId, rest);
    return true;
  }

  async recordMembers(
    keyId: string,
    members: readonly Member[],
    options: { readonly removeRegions?: readonly string[] } = {},
  ): Promise<void> {
    const current = this.#require(keyId);
    const next: Record<string, Member> = { ...current.members };
    for (const member of members) next[member.region] = structuredClone(member);
    for (const region of options.removeRegions ?? []) delete next[region];
    this.#items.set(keyId, { ...current, members: next });
  }

  async recordDrift(keyId: string, drift: DriftReport): Promise<void> {
    this.#items.set(keyId, { ...this.#require(keyId), drift: structuredClone(drift) });
  }

  async listByTenant(tenant: string, page?: PageRequest): Promise<Page<KeySet>> {
    return pageOf(
      this.#sorted().filter((item) => item.tenant === tenant),
      `tenant:${tenant}`,
      page,
    );
  }

  async listAll(page?: PageRequest): Promise<Page<KeySet>> {
    return pageOf(this.#sorted(), 'all', page);
  }

  #sorted(): KeySet[] {
    return [...this.#items.values()]
      .sort((a, b) => (a.keyId < b.keyId ? -1 : 1))
      .map((item) => structuredClone(item));
  }

  #require(keyId: string): KeySet {
    const current = this.#items.get(keyId);
    if (current === undefined) throw new NotFoundError(`Key ${keyId} is not managed`, { details: { keyId } });
    return current;
  }

  #checkLock(current: KeySet, operationId: string): void {
    const holder = current.activeOperationId;
    const live =
      current.lockExpiresAt !== undefined && current.lockExpiresAt >= this.clock.now().toISOString();
    if (holder !== undefined && holder !== operationId && live) {
      throw new ConflictError(`Operation ${holder} is in progress on key ${current.keyId}`, {
        details: { keyId: current.keyId, activeOperationId: holder, lockExpiresAt: current.lockExpiresAt },
      });
    }
  }

  #lockFields(lock: LockRequest): Pick<KeySet, 'activeOperationId' | 'lockExpiresAt'> {
    return {
      activeOperationId: lock.operationId,
      lockExpiresAt: new Date(this.clock.now().getTime() + lock.leaseMs).toISOString(),
    };
  }
}
