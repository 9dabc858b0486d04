// AuditEvent: one link of a tamper-evident chain; one chain per (keyId, writer Region).
import type { JsonValue } from '../json/canonical-json.js';

export type AuditResult = 'Succeeded' | 'Failed' | 'Denied' | 'Started';

/** What the caller supplies; sequence, prevHash and hash are computed by nextAuditEvent. */
export interface AuditEventInput {
  /** Deterministic (see auditEventId): appending the same id twice must be a no-op. */
  readonly eventId: string;
  readonly keyId: string;
  /** The control-plane Region that writes (the chain), not the KMS Region touched. */
  readonly writerRegion: string;
  /** ISO time of the event. */
  readonly at: string;
  /** Who: the principal (`sub`) or `system:<component>`. */
  readonly actor: string;
  /** What: e.g. `ReplicateKey`, `UpdateProperties`, `LockAcquired`. */
  readonly action: string;
  /** Where: the KMS Region the action touched, when it touched one. */
  readonly region?: string | undefined;
  readonly requestId: string;
  readonly operationId?: string | undefined;
  readonly result: AuditResult;
  readonly details?: { readonly [key: string]: JsonValue } | undefined;
}

export interface AuditEvent extends AuditEventInput {
  /** 1-based position in its chain. */
  readonly sequence: number;
  /** Hash of the previous event of the chain; GENESIS_HASH for the first. */
  readonly prevHash: string;
  /** SHA-256 of the canonical JSON of every other field. */
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
