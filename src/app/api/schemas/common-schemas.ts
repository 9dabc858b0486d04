// Building blocks of the request schemas: ids, Regions, tags, aliases, policies, rotation, paging.
import * as z from 'zod';
import { aliasNameProblem } from '../../../core/identifiers/alias-name.js';
import { MRK_KEY_ID_PATTERN } from '../../../core/identifiers/key-id.js';
import { REGION_PATTERN } from '../../../core/identifiers/partitions.js';
import { isReservedTagKey, RESERVED_TAG_PREFIX } from '../../../core/model/control-plane-tags.js';
import { type PolicyDocument, policyLockoutProblem, policyText } from '../../../core/model/tags.js';

export const keyIdSchema = z
  .string()
  .regex(MRK_KEY_ID_PATTERN, 'must be a multi-Region key id: mrk- and 32 hex digits')
  .meta({
    description: 'The shared key id of the set (mrk-...)',
    example: 'mrk-1234abcd12ab34cd56ef1234567890ab',
  });

export const regionSchema = z
  .string()
  .max(32)
  .regex(REGION_PATTERN, 'must be a Region name like us-east-1')
  .meta({ example: 'eu-west-1' });

export const tenantSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1-63 lowercase letters, digits or dashes')
  .meta({ example: 'payments' });

export const operationIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be an operation id');

// KMS tag limits: key 1-128, value 0-256 characters, at most 50 tags (49 of them the owner's).
const MAX_OWNER_TAGS = 49;
export const tagsSchema = z
  .record(
    z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, 'tag keys use letters, digits, spaces and _ . : / = + - @'),
    z.string().max(256),
  )
  // KMS allows 50; the control plane keeps one for itself (the creating operation's id).
  .refine((tags) => Object.keys(tags).length <= MAX_OWNER_TAGS, `at most ${MAX_OWNER_TAGS} tags`)
  .refine(
    (tags) => !Object.keys(tags).some((key) => key.startsWith('aws:')),
    'the aws: tag prefix is reserved',
  )
  .refine(
    (tags) => !Object.keys(tags).some(isReservedTagKey),
    `the ${RESERVED_TAG_PREFIX} tag prefix is reserved for the control plane`,
  );

export const aliasSchema = z
  .string()
  .max(256)
  .superRefine((name, ctx) => {
    const problem = aliasNameProblem(name);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `alias ${problem}` });
  })
  .meta({ example: 'alias/payments-data' });

export const aliasesSchema = z
  .array(aliasSchema)
  .max(20)
  .refine((names) => new Set(names).size === names.length, 'aliases must not repeat');

/** The KMS key policy size quota, in bytes of the policy text the control plane sends (canonical JSON). */
export const MAX_POLICY_BYTES = 32_768;

// A key policy: a JSON object of at most 32 KB (the KMS limit) that leaves someone able to change it again.
// The body's nesting is already bounded (MAX_JSON_DEPTH) before JSON.parse, so serialising it cannot recurse
// out of stack.
export const policySchema = z
  .record(z.string(), z.unknown())
  .superRefine((policy, ctx) => {
    const bytes = Buffer.byteLength(policyText(policy as PolicyDocument), 'utf8');
    if (bytes > MAX_POLICY_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `the policy is ${bytes} bytes; KMS accepts at most ${MAX_POLICY_BYTES}`,
      });
      return;
    }
    const lockout = policyLockoutProblem(policy as PolicyDocument);
    if (lockout !== undefined) ctx.addIssue({ code: 'custom', message: `the policy ${lockout}` });
  })
  .meta({
    description: `A key policy document (JSON), at most ${MAX_POLICY_BYTES} bytes as canonical JSON. It must allow kms:PutKeyPolicy to some principal and must not deny it to every principal (KMS's lockout safety check).`,
  });

export const descriptionSchema = z.string().max(8192);

export const rotationSchema = z.strictObject({
  enabled: z.boolean(),
  periodInDays: z.number().int().min(90).max(2560).optional(),
});

export const regionOverrideSchema = z.strictObject({
  description: descriptionSchema.optional(),
  policy: policySchema.optional(),
  tags: tagsSchema.optional(),
  aliases: aliasesSchema.optional(),
  enabled: z.boolean().optional(),
});

export const regionOverridesSchema = z
  .record(regionSchema, regionOverrideSchema)
  .refine((overrides) => Object.keys(overrides).length <= 40, 'at most 40 Region overrides');

export const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const pagingQuery = {
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number from 1 to 100')
    .transform(Number)
    .pipe(z.number().int().min(1).max(100))
    .optional(),
  nextToken: z.string().min(1).max(2048).optional(),
};

export const keyParams = z.strictObject({ keyId: keyIdSchema });
