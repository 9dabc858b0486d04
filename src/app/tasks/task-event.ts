// Parsing task events: every field checked, a bad event is a ValidationError that changes nothing.
import * as z from 'zod';
import { ValidationError } from '../../core/errors.js';
import { MRK_KEY_ID_PATTERN } from '../../core/identifiers/key-id.js';
import { REGION_PATTERN } from '../../core/identifiers/partitions.js';

export const operationIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be an operation id');
export const keyIdSchema = z.string().regex(MRK_KEY_ID_PATTERN, 'must be a multi-Region key id (mrk-...)');
export const regionSchema = z.string().regex(REGION_PATTERN, 'must be a Region name like us-east-1');

/** Fields every task event carries. */
export const operationEvent = z.object({ operationId: operationIdSchema, keyId: keyIdSchema });

/** `{ Error, Cause }` as an ASL Catch stores it. */
export const caughtSchema = z.object({ Error: z.string().optional(), Cause: z.string().optional() });

/** Poll progress handed from one check to the next by the state machine. */
export const pollSchema = z
  .object({ attempt: z.number().int().min(0), deadline: z.string().optional() })
  .default({ attempt: 0 });

/** How long a poll loop waits before it gives up (1 minute to 1 day). */
export const timeoutMinutesSchema = z
  .number()
  .int()
  .min(1)
  .max(24 * 60);

export function parseEvent<T extends z.ZodType>(schema: T, event: unknown, task: string): z.infer<T> {
  const parsed = schema.safeParse(event);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`,
  );
  throw new ValidationError(`Invalid ${task} event: ${problems.join('; ')}`, { details: { task, problems } });
}
