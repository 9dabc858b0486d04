// The audit digests' settings beyond src/app/config.ts, from the environment, once per container.
import * as z from 'zod';
import { type Config, loadConfigWith } from '../config.js';
import { DEFAULT_DIGEST_INTERVAL_MS } from './audit-anchors.js';

export interface AuditDigestConfig {
  readonly base: Config;
  /** How often digests are written: verification reports digests older than about 1.5 periods. */
  readonly intervalMs: number;
}

const schema = z.object({
  AUDIT_DIGEST_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).optional(),
});

/** Variables (besides loadConfig's): AUDIT_DIGEST_INTERVAL_MINUTES (1..1440, default 60: the schedule's period). */
export function loadAuditDigestConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): AuditDigestConfig {
  const { base, extra } = loadConfigWith(env, schema);
  return {
    base,
    intervalMs:
      extra.AUDIT_DIGEST_INTERVAL_MINUTES === undefined
        ? DEFAULT_DIGEST_INTERVAL_MS
        : extra.AUDIT_DIGEST_INTERVAL_MINUTES * 60_000,
  };
}
