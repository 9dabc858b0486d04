// What writing and verifying signed audit digests needs: the digest store, the signer, a clock and the schedule.
import type { AuditDigestSigner } from '../../core/ports/audit-digest-signer.js';
import type { AuditDigestStore } from '../../core/ports/audit-digest-store.js';
import type { Clock } from '../../core/ports/clock.js';

export interface AuditAnchors {
  readonly store: AuditDigestStore;
  readonly signer: AuditDigestSigner;
  readonly clock: Clock;
  /** The control-plane Region: its chains and its digest series. */
  readonly writerRegion: string;
  /** How often digests are written (template.yaml's schedule; the local stack's timer). */
  readonly intervalMs: number;
}

/** The default digest period (template.yaml: AuditDigestSchedule rate(1 hour)). */
export const DEFAULT_DIGEST_INTERVAL_MS = 60 * 60_000;

/**
 * The oldest the newest digest may be, and the widest gap between two digests, before verification
 * reports digests missing: one and a half periods plus five minutes for a late run.
 */
export function maxDigestAgeMs(intervalMs: number): number {
  return Math.round(intervalMs * 1.5) + 5 * 60_000;
}

/**
 * The API's deps may carry the anchors (the audit function and the local stack give them); without them
 * verification checks the hash chains only.
 */
export interface WithAuditAnchors {
  readonly auditAnchors?: AuditAnchors | undefined;
}
