// InMemoryAuditLog: the AuditLog contract (chains, idempotent event ids, views) in memory, for tests.
import { nextAuditEvent } from '../audit/audit-chain.js';
import { ValidationError } from '../errors.js';
import type { AuditEvent, AuditEventInput } from '../model/audit-event.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { Page, PageRequest } from '../ports/page.js';
import { pageOf } from './fake-paging.js';

export class InMemoryAuditLog implements AuditLog {
  readonly #chains = new Map<string, AuditEvent[]>();
  readonly #byId = new Map<string, AuditEvent>();

  async append(input: AuditEventInput): Promise<AuditEvent> {
    const existing = this.#byId.get(input.eventId);
    if (existing !== undefined) return existing;
    const key = `${input.keyId}#${input.writerRegion}`;
    const chain = this.#chains.get(key) ?? [];
    const event = nextAuditEvent(chain[chain.length - 1], input);
    chain.push(event);
    this.#chains.set(key, chain);
    this.#byId.set(event.eventId, event);
    return event;
  }

  async readChain(keyId: string, writerRegion: string, page?: PageRequest): Promise<Page<AuditEvent>> {
    return pageOf(this.#chains.get(`${keyId}#${writerRegion}`) ?? [], `chain:${keyId}:${writerRegion}`, page);
  }

  async listByKey(keyId: string, page?: PageRequest): Promise<Page<AuditEvent>> {
    return pageOf(
      this.#all().filter((event) => event.keyId === keyId),
      `key:${keyId}`,
      page,
    );
  }

  async listByDay(day: string, page?: PageRequest): Promise<Page<AuditEvent>> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
      throw new ValidationError(`Invalid day ${JSON.stringify(day)}: expected YYYY-MM-DD`);
    return pageOf(
      this.#all().filter((event) => event.at.startsWith(day)),
      `day:${day}`,
      page,
    );
  }

  /** Every chain of `writerRegion` (the digest store's registry in memory). */
  chainsOf(writerRegion: string): AuditEvent[][] {
    return [...this.#chains.values()].filter((chain) => chain[0]?.writerRegion === writerRegion);
  }

  /** Test hook: removes the last `count` links of a chain, as someone cutting its tail would. */
  cutTail(keyId: string, writerRegion: string, count: number): void {
    const chain = this.#chains.get(`${keyId}#${writerRegion}`) ?? [];
    for (const event of chain.splice(Math.max(0, chain.length - count))) this.#byId.delete(event.eventId);
  }

  /** Every event, merged by time like the DynamoDB views (ties: writer Region, then sequence). */
  #all(): AuditEvent[] {
    const key = (event: AuditEvent) =>
      `${event.at}#${event.writerRegion}#${String(event.sequence).padStart(10, '0')}`;
    return [...this.#chains.values()].flat().sort((a, b) => (key(a) < key(b) ? -1 : 1));
  }
}
