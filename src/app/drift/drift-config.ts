// The drift scan's settings beyond src/app/config.ts, from the environment, once per container.
import * as z from 'zod';
import { type Config, loadConfigWith } from '../config.js';
import { DEFAULT_DRIFT_SETTINGS, type DriftSettings } from './drift-deps.js';

export interface DriftConfig {
  readonly base: Config;
  readonly settings: DriftSettings;
  /** Share of each KMS quota the scan may use per Region and operation. */
  readonly quotaFraction: number;
  /** CloudTrail endpoint override (locally: the KMS emulator's port). */
  readonly cloudTrailEndpoint: string | undefined;
}

const schema = z.object({
  DRIFT_REMEDIATION_POLICY: z.enum(['report', 'auto', 'approve']).optional(),
  DRIFT_QUOTA_FRACTION: z.coerce.number().gt(0).max(1).optional(),
  DRIFT_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).optional(),
  DRIFT_LOOKBACK_MINUTES: z.coerce.number().int().min(1).max(10_080).optional(),
  CONTROL_PLANE_PRINCIPALS: z.string().optional(),
  CLOUDTRAIL_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
});

/**
 * Variables (besides loadConfig's): DRIFT_REMEDIATION_POLICY (report | auto | approve, default report),
 * DRIFT_QUOTA_FRACTION (0..1, default 0.5), DRIFT_PAGE_SIZE (default 250), DRIFT_LOOKBACK_MINUTES
 * (default 75), CONTROL_PLANE_PRINCIPALS (comma-separated role ARN prefixes), CLOUDTRAIL_ENDPOINT.
 */
export function loadDriftConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): DriftConfig {
  const { base, extra: value } = loadConfigWith(env, schema);
  return {
    base,
    quotaFraction: value.DRIFT_QUOTA_FRACTION ?? 0.5,
    cloudTrailEndpoint: value.CLOUDTRAIL_ENDPOINT,
    settings: {
      ...DEFAULT_DRIFT_SETTINGS,
      ...(value.DRIFT_REMEDIATION_POLICY !== undefined && { defaultPolicy: value.DRIFT_REMEDIATION_POLICY }),
      ...(value.DRIFT_PAGE_SIZE !== undefined && { pageSize: value.DRIFT_PAGE_SIZE }),
      ...(value.DRIFT_LOOKBACK_MINUTES !== undefined && { lookbackMinutes: value.DRIFT_LOOKBACK_MINUTES }),
      controlPlanePrincipals: (value.CONTROL_PLANE_PRINCIPALS ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    },
  };
}
