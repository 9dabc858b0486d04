// Request schemas of the key routes (ARCHITECTURE section 5): bodies are strict, unknown fields refused.
import * as z from 'zod';
import type { KeySet, RegionOverride } from '../../../core/model/key-set.js';
import { defaultKeyPolicy, type PolicyDocument } from '../../../core/model/tags.js';
import {
  aliasesSchema,
  booleanQuery,
  descriptionSchema,
  keyIdSchema,
  pagingQuery,
  policySchema,
  regionOverridesSchema,
  regionSchema,
  rotationSchema,
  tagsSchema,
  tenantSchema,
} from './common-schemas.js';
import {
  KEY_SET_ITEM_BUDGET_BYTES,
  keySetBudgetProblem,
  PLACEHOLDER_ACCOUNT,
  PLACEHOLDER_KEY_ID,
  PLACEHOLDER_TIME,
} from './key-set-budget.js';

export const KEY_SPECS = [
  'SYMMETRIC_DEFAULT',
  'HMAC_224',
  'HMAC_256',
  'HMAC_384',
  'HMAC_512',
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
] as const;
export const KEY_USAGES = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] as const;
export const KEY_STATUSES = ['Active', 'Deleting', 'PendingDeletion', 'Deleted'] as const;

/** Key usages KMS accepts per key spec (KMS-MRK-SPEC section 2). */
export function usagesFor(spec: (typeof KEY_SPECS)[number]): readonly (typeof KEY_USAGES)[number][] {
  if (spec === 'SYMMETRIC_DEFAULT') return ['ENCRYPT_DECRYPT'];
  if (spec.startsWith('HMAC_')) return ['GENERATE_VERIFY_MAC'];
  if (spec.startsWith('RSA_')) return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'];
  if (spec === 'ECC_SECG_P256K1') return ['SIGN_VERIFY'];
  return ['SIGN_VERIFY', 'KEY_AGREEMENT'];
}

const createKeyBodyShape = z.strictObject({
  tenant: tenantSchema,
  primaryRegion: regionSchema,
  replicaRegions: z.array(regionSchema).max(20).default([]),
  keySpec: z.enum(KEY_SPECS).default('SYMMETRIC_DEFAULT'),
  keyUsage: z.enum(KEY_USAGES).optional(),
  origin: z.enum(['AWS_KMS', 'EXTERNAL']).default('AWS_KMS'),
  description: descriptionSchema.default(''),
  aliases: aliasesSchema.default([]),
  tags: tagsSchema.default({}),
  policy: policySchema.optional(),
  rotation: rotationSchema.optional(),
  enabled: z.boolean().default(true),
  regionOverrides: regionOverridesSchema.default({}),
});

export const createKeyBody = createKeyBodyShape
  .superRefine((body, ctx) => {
    const usages = usagesFor(body.keySpec);
    if (body.keyUsage !== undefined && !usages.includes(body.keyUsage)) {
      ctx.addIssue({
        code: 'custom',
        path: ['keyUsage'],
        message: `${body.keySpec} keys support ${usages.join(' or ')}`,
      });
    }
    if (body.origin === 'EXTERNAL' && body.keySpec !== 'SYMMETRIC_DEFAULT') {
      ctx.addIssue({ code: 'custom', path: ['origin'], message: 'EXTERNAL origin needs SYMMETRIC_DEFAULT' });
    }
    if (body.replicaRegions.includes(body.primaryRegion)) {
      ctx.addIssue({
        code: 'custom',
        path: ['replicaRegions'],
        message: 'must not contain the primary Region',
      });
    }
    const members = new Set([body.primaryRegion, ...body.replicaRegions]);
    for (const region of Object.keys(body.regionOverrides)) {
      if (!members.has(region)) {
        ctx.addIssue({
          code: 'custom',
          path: ['regionOverrides', region],
          message: 'is not a member Region',
        });
      }
    }
    const tooBig = keySetBudgetProblem(projectedKeySet(body));
    if (tooBig !== undefined) ctx.addIssue({ code: 'custom', message: tooBig.message });
  })
  .meta({
    description:
      `The key set as stored must fit ${KEY_SET_ITEM_BUDGET_BYTES} bytes once every Region's key is recorded: ` +
      "the desired state and Region overrides, plus each Region's description, tags and aliases (DynamoDB " +
      'counts names and values). A body within every field limit can still exceed it (e.g. 32 KB policies in ' +
      'many Region overrides); it is then refused with a 400 before any KMS call.',
  });

/** The key set a create would record, with the longest key id, account and partition it could get. */
function projectedKeySet(body: z.output<typeof createKeyBodyShape>): KeySet {
  const partition = 'aws-us-gov';
  return {
    keyId: PLACEHOLDER_KEY_ID,
    tenant: body.tenant,
    partition,
    account: PLACEHOLDER_ACCOUNT,
    keySpec: body.keySpec,
    keyUsage: body.keyUsage ?? usagesFor(body.keySpec)[0]!,
    origin: body.origin,
    primaryRegion: body.primaryRegion,
    regions: [body.primaryRegion, ...body.replicaRegions],
    desired: {
      description: body.description,
      policy: (body.policy as PolicyDocument | undefined) ?? defaultKeyPolicy(partition, PLACEHOLDER_ACCOUNT),
      tags: body.tags,
      aliases: body.aliases,
      enabled: body.enabled,
      rotation: body.rotation ?? { enabled: true, periodInDays: 2560 },
      regionOverrides: body.regionOverrides as Record<string, RegionOverride>,
    },
    members: {},
    status: 'Active',
    version: 1,
    createdAt: PLACEHOLDER_TIME,
    updatedAt: PLACEHOLDER_TIME,
  };
}

export const updateKeyBody = z
  .strictObject({
    description: descriptionSchema.optional(),
    aliases: aliasesSchema.optional(),
    tags: tagsSchema.optional(),
    policy: policySchema.optional(),
    enabled: z.boolean().optional(),
    rotation: rotationSchema.optional(),
    regionOverrides: regionOverridesSchema.optional(),
  })
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    'give at least one field to change',
  )
  .meta({
    description:
      `The changed key set must still fit its storage budget of ${KEY_SET_ITEM_BUDGET_BYTES} bytes once every ` +
      "Region's key is recorded; a change that would not is refused with a 400 before any KMS call.",
  });

export const addReplicasBody = z.strictObject({
  regions: z
    .array(regionSchema)
    .min(1)
    .max(20)
    .refine((regions) => new Set(regions).size === regions.length, 'regions must not repeat'),
});

export const promoteBody = z.strictObject({ region: regionSchema });

export const rotateBody = z.strictObject({});

export const cancelDeletionBody = z.strictObject({ enable: z.boolean().default(false) });

export const reconcileBody = z.strictObject({});

export const adoptKeyBody = z.strictObject({
  keyId: keyIdSchema,
  /** Any Region that holds a key of the set; the primary is found from there. */
  region: regionSchema,
  tenant: tenantSchema,
  /** members (default): what every member has now is desired; primary: the replicas are synced to the primary. */
  desiredFrom: z.enum(['members', 'primary']).optional(),
});

export const deleteKeyQuery = z.strictObject({
  pendingWindowInDays: z
    .string()
    .regex(/^\d{1,2}$/, 'must be a whole number from 7 to 30')
    .transform(Number)
    .pipe(z.number().int().min(7).max(30))
    .default(30),
  disableFirst: booleanQuery.default(false),
  soakMinutes: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a whole number of minutes')
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(0)
        .max(7 * 24 * 60),
    )
    .default(0),
});

export const deleteReplicaQuery = z.strictObject({
  pendingWindowInDays: deleteKeyQuery.shape.pendingWindowInDays,
});

export const listKeysQuery = z.strictObject({
  tenant: tenantSchema.optional(),
  region: regionSchema.optional(),
  status: z.enum(KEY_STATUSES).optional(),
  alias: z.string().max(256).optional(),
  ...pagingQuery,
});

export const getKeyQuery = z.strictObject({ live: booleanQuery.default(false) });

export const replicaParams = z.strictObject({ keyId: keyIdSchema, region: regionSchema });

export type CreateKeyBody = z.output<typeof createKeyBody>;
export type UpdateKeyBody = z.output<typeof updateKeyBody>;
