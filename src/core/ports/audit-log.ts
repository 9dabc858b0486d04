// AuditLog: the append-only, hash-chained audit trail (one chain per key id and writer Region).
import type { AuditEvent, AuditEventInput } from '../model/audit-event.js';
import type { Page, PageRequest } from './page.js';

export interface AuditLog {
  /**
   * Appends to the chain of (input.keyId, input.writerRegion) at the next sequence and returns the
   * stored event. Idempotent by `eventId`: appending an id already stored returns the stored event
   * and writes nothing.
   */
  append(input: AuditEventInput): Promise<AuditEvent>;

  /** One chain in sequence order (oldest first): the read path of the verifier. */
  readChain(keyId: string, writerRegion: string, page?: PageRequest): Promise<Page<AuditEvent>>;

  /** Every chain of one key merged by time, oldest first. */
  listByKey(keyId: string, page?: PageRequest): Promise<Page<AuditEvent>>;

  /** The fleet-wide view of one UTC day (`YYYY-MM-DD`), oldest first. */
  listByDay(day: string, page?: PageRequest): Promise<Page<AuditEvent>>;
}
