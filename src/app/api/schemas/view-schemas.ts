// Response schemas: what the API answers (key, operation, audit, drift, error views), for OpenAPI and types.
import * as z from 'zod';
import { KEY_SPECS, KEY_STATUSES, KEY_USAGES } from './key-request-schemas.js';

const tags = z.record(z.string(), z.string());
const json = z.record(z.string(), z.unknown());

export const errorSchema = z.object({
  error: z.string().meta({ description: 'A stable error code, e.g. ValidationError, NotFound, Conflict' }),
  message: z.string(),
  requestId: z.string(),
  details: json.optional().meta({ description: 'Machine-readable details (errors below 500 only)' }),
});

export const findingSchema = z.object({
  kind: z.string(),
  keyId: z.string(),
  region: z.string(),
  property: z.string().optional(),
  expected: z.unknown(),
  actual: z.unknown(),
  severity: z.enum(['low', 'medium', 'high']),
  remediable: z.boolean(),
  remedy: z.string(),
  message: z.string(),
});

export const driftSchema = z.object({
  status: z.enum(['InSync', 'Drifted', 'Unknown']),
  findings: z.array(findingSchema),
  scannedAt: z.string().nullable(),
  live: z.boolean(),
  /** The key set's own remediation policy (absent: the scan's default). */
  policy: z.enum(['report', 'auto', 'approve']).optional(),
  /** What the last scan started or proposed; approve a proposal with POST .../remediations/{id}/approve. */
  remediation: z
    .object({
      operationId: z.string(),
      status: z.enum(['AwaitingApproval', 'Started', 'Skipped']),
      kinds: z.array(z.string()),
      summary: z.string(),
      createdAt: z.string(),
    })
    .optional(),
  /** KMS changes to this key the control plane did not make (the last reconciliation with KMS's event log). */
  outOfBand: z.array(z.record(z.string(), z.unknown())).optional(),
  reconciledAt: z.string().optional(),
});

export const memberViewSchema = z.object({
  arn: z.string(),
  role: z.enum(['PRIMARY', 'REPLICA']),
  keyState: z.string(),
  enabled: z.boolean(),
  description: z.string(),
  tags,
  aliases: z.array(z.string()),
  currentKeyMaterialId: z.string().optional(),
  deletionDate: z.string().optional(),
  observedAt: z.string(),
});

export const keyViewSchema = z.object({
  keyId: z.string(),
  tenant: z.string(),
  partition: z.string(),
  account: z.string(),
  primaryRegion: z.string(),
  status: z.enum(KEY_STATUSES),
  version: z.number().int(),
  keySpec: z.enum(KEY_SPECS),
  keyUsage: z.enum(KEY_USAGES),
  origin: z.enum(['AWS_KMS', 'EXTERNAL']),
  desired: z.object({
    regions: z.array(z.string()),
    description: z.string(),
    policy: json,
    tags,
    aliases: z.array(z.string()),
    enabled: z.boolean(),
    rotation: z.object({ enabled: z.boolean(), periodInDays: z.number().int().optional() }),
    regionOverrides: z.record(z.string(), json),
  }),
  regions: z.record(z.string(), memberViewSchema),
  activeOperationId: z.string().optional(),
  drift: driftSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const stepViewSchema = z.object({
  status: z.enum(['Pending', 'Running', 'Succeeded', 'Skipped', 'Failed']),
  note: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  updatedAt: z.string(),
});

export const operationViewSchema = z.object({
  operationId: z.string(),
  type: z.string(),
  keyId: z.string(),
  tenant: z.string(),
  status: z.enum(['Pending', 'Running', 'Succeeded', 'PartiallySucceeded', 'Failed']),
  requestedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  regions: z.record(z.string(), stepViewSchema),
  input: json.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  executionArn: z.string().optional(),
});

export const accepted = z.object({ key: keyViewSchema.optional(), operation: operationViewSchema });

export const auditEventSchema = z.object({
  eventId: z.string(),
  keyId: z.string(),
  writerRegion: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  region: z.string().optional(),
  requestId: z.string(),
  operationId: z.string().optional(),
  result: z.enum(['Succeeded', 'Failed', 'Denied', 'Started']),
  details: json.optional(),
  sequence: z.number().int(),
  prevHash: z.string(),
  hash: z.string(),
});

const digestProblemSchema = z.object({
  kind: z.enum([
    'NoDigest',
    'DigestStale',
    'DigestAltered',
    'DigestSignatureInvalid',
    'DigestMissing',
    'DigestGap',
    'DigestHeadsAltered',
    'ChainCut',
    'ChainRewritten',
  ]),
  message: z.string(),
  digestSequence: z.number().int().optional(),
  keyId: z.string().optional(),
  writerRegion: z.string().optional(),
  recordedSequence: z.number().int().optional(),
});

export const verificationSchema = z.object({
  valid: z.boolean(),
  chains: z.array(
    z.object({
      keyId: z.string(),
      writerRegion: z.string(),
      length: z.number(),
      firstSequence: z.number(),
      headHash: z.string(),
    }),
  ),
  brokenCount: z.number().int(),
  firstBroken: json.optional(),
  /** The signed digests (where the deployment writes them): what a bare hash chain cannot show, a cut tail. */
  digests: z
    .object({
      valid: z.boolean(),
      digestCount: z.number().int(),
      latest: z
        .object({ sequence: z.number().int(), createdAt: z.string(), chainCount: z.number().int() })
        .optional(),
      checkedHeads: z.number().int(),
      problems: z.array(digestProblemSchema),
      warnings: z.array(digestProblemSchema),
    })
    .optional(),
});

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextToken: z.string().optional() });
}

export const auditListSchema = z.object({
  items: z.array(auditEventSchema),
  nextToken: z.string().optional(),
  verification: verificationSchema.optional(),
});

export const healthSchema = z.object({ status: z.literal('ok'), time: z.string() });

export const openApiDocumentSchema = z
  .record(z.string(), z.unknown())
  .meta({ description: 'An OpenAPI 3.1 document' });

export type KeyView = z.output<typeof keyViewSchema>;
export type OperationView = z.output<typeof operationViewSchema>;
export type DriftView = z.output<typeof driftSchema>;
