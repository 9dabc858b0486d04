// The local stack's AuditDigestFunction: the same use case, on a timer (EventBridge Scheduler's part) and on
// demand (`stack.auditDigests.writeNow()`, what tests call). The first digest is written at start, so verification always
// has an anchor (a stack stopped for longer than the period shows a DigestGap warning, never a failure).
import { type AuditAnchors, DEFAULT_DIGEST_INTERVAL_MS } from '../src/app/audit/audit-anchors.js';
import { buildAuditAnchors } from '../src/app/audit/build-audit-anchors.js';
import { type DigestWritten, writeAuditDigest } from '../src/app/audit/write-audit-digest.js';
import type { Config } from '../src/app/config.js';
import type { Clock } from '../src/core/ports/clock.js';

export interface LocalAuditDigests {
  readonly anchors: AuditAnchors;
  /** Writes a digest now (what the schedule does every period). */
  writeNow(): Promise<DigestWritten>;
  stop(): void;
}

export async function startLocalAuditDigests(options: {
  readonly base: Config;
  readonly clock: Clock;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly intervalMs?: number | undefined;
  readonly log: (message: string) => void;
}): Promise<LocalAuditDigests> {
  const intervalMs = options.intervalMs ?? DEFAULT_DIGEST_INTERVAL_MS;
  const anchors = buildAuditAnchors(
    { base: options.base, intervalMs },
    { clock: options.clock, credentials: options.credentials },
  );
  const writeNow = () => writeAuditDigest(anchors);
  const run = () =>
    writeNow().catch((error: Error) => options.log(`audit digest not written: ${error.message}`));
  await run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return { anchors, writeNow, stop: () => clearInterval(timer) };
}
