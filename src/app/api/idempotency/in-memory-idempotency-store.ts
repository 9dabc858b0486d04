// InMemoryIdempotencyStore: the IdempotencyStore contract in a Map (unit tests, in-process gateway tests).
import {
  type ClaimRequest,
  type ClaimResult,
  type IdempotencyRecord,
  type IdempotencyStore,
  newClaimRecord,
  type StoredResponse,
} from './idempotency-store.js';

export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly #records = new Map<string, IdempotencyRecord>();

  get size(): number {
    return this.#records.size;
  }

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const id = idOf(request.principal, request.key);
    const current = this.#records.get(id);
    const nowMs = request.now.getTime();
    if (current === undefined || current.expiresAt * 1000 <= nowMs) {
      const record = newClaimRecord(request);
      this.#records.set(id, record);
      return { outcome: 'claimed', record: structuredClone(record) };
    }
    if (
      current.state === 'InProgress' &&
      current.requestHash === request.requestHash &&
      current.leaseUntil <= nowMs
    ) {
      const record = { ...current, leaseUntil: nowMs + request.leaseMs };
      this.#records.set(id, record);
      return { outcome: 'claimed', record: structuredClone(record) };
    }
    return { outcome: 'existing', record: structuredClone(current) };
  }

  async saveProgress(
    principal: string,
    key: string,
    progress: Readonly<Record<string, string>>,
  ): Promise<void> {
    const current = this.#records.get(idOf(principal, key));
    if (current === undefined) return;
    this.#records.set(idOf(principal, key), { ...current, progress: { ...current.progress, ...progress } });
  }

  async complete(principal: string, key: string, response: StoredResponse): Promise<void> {
    const current = this.#records.get(idOf(principal, key));
    if (current === undefined) return;
    this.#records.set(idOf(principal, key), {
      ...current,
      state: 'Completed',
      response: structuredClone(response),
      leaseUntil: 0,
    });
  }

  async release(principal: string, key: string, keep: boolean): Promise<void> {
    const id = idOf(principal, key);
    const current = this.#records.get(id);
    if (current === undefined) return;
    if (keep) this.#records.set(id, { ...current, leaseUntil: 0 });
    else this.#records.delete(id);
  }
}

function idOf(principal: string, key: string): string {
  return `${principal}\u0000${key}`;
}
