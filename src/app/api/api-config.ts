// The API's settings beyond src/app/config.ts: page-token secret, guardrail rules, lock lease.
import * as z from 'zod';
import { DEFAULT_GUARDRAIL_RULES, type GuardrailRules } from '../../core/guardrails/guardrail-rules.js';
import { type Config, loadConfigWith } from '../config.js';
import { type ApiSettings, DEFAULT_API_SETTINGS } from './api-deps.js';

export interface ApiConfig {
  readonly base: Config;
  /** HMAC secret of paging tokens, the same in every container (PAGE_TOKEN_SECRET, >= 16 characters). */
  readonly pageTokenSecret: string;
  readonly guardrails: GuardrailRules;
  readonly settings: ApiSettings;
}

const rulesSchema = z.strictObject({
  allowedPartitions: z
    .array(
      z.enum(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']),
    )
    .optional(),
  allowedRegions: z.array(z.string()).optional(),
  tenantResidency: z.record(z.string(), z.array(z.string())).optional(),
  allowedKeySpecs: z.array(z.string()).optional(),
  requiredTags: z.array(z.string()).optional(),
  minimumDeletionWindowDays: z.number().int().min(7).max(30).optional(),
  maximumReplicas: z.number().int().min(0).max(40).optional(),
  rotationRequiredForSymmetric: z.boolean().optional(),
  exemptions: z.array(z.strictObject({ role: z.string(), rules: z.array(z.string()) })).optional(),
});

const schema = z.object({
  PAGE_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters'),
  GUARDRAIL_RULES: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(rulesSchema)
    .optional(),
  API_LOCK_LEASE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
});

/**
 * Variables (besides loadConfig's): PAGE_TOKEN_SECRET (required), GUARDRAIL_RULES (JSON, optional:
 * permissive defaults limited to ALLOWED_REGIONS), API_LOCK_LEASE_MINUTES (optional, default 15).
 */
export function loadApiConfig(env: Readonly<Record<string, string | undefined>> = process.env): ApiConfig {
  const { base, extra } = loadConfigWith(env, schema);
  const rules = extra.GUARDRAIL_RULES ?? {};
  return {
    base,
    pageTokenSecret: extra.PAGE_TOKEN_SECRET,
    guardrails: {
      ...DEFAULT_GUARDRAIL_RULES,
      allowedRegions: base.allowedRegions,
      ...rules,
    } as GuardrailRules,
    settings: {
      ...DEFAULT_API_SETTINGS,
      ...(extra.API_LOCK_LEASE_MINUTES !== undefined && {
        lockLeaseMs: extra.API_LOCK_LEASE_MINUTES * 60_000,
      }),
    },
  };
}
