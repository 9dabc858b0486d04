// Task "Check ... State": one DescribeKey of a poll loop; says whether the awaited state is reached.
import * as z from 'zod';
import type { KeyDescription } from '../../core/ports/key-service.js';
import { nextPoll } from '../../core/workflows/poll-schedule.js';
import { MemberWaitTimedOutError } from '../../core/workflows/workflow-errors.js';
import type { TaskDeps } from './task-deps.js';
import { keyIdSchema, parseEvent, pollSchema, regionSchema, timeoutMinutesSchema } from './task-event.js';

const UNTIL = {
  /** Replication finished: the key exists and is no longer Creating (Enabled, or PendingImport for EXTERNAL). */
  Created: (key: KeyDescription | undefined) => key !== undefined && key.keyState !== 'Creating',
  /** Promotion finished for the new primary: it reports PRIMARY and is no longer Updating. */
  Primary: (key: KeyDescription | undefined) => key?.role === 'PRIMARY' && key.keyState !== 'Updating',
  /** Promotion finished for the former primary: it reports REPLICA and is no longer Updating. */
  Replica: (key: KeyDescription | undefined) => key?.role === 'REPLICA' && key.keyState !== 'Updating',
} as const;

const schema = z.object({
  keyId: keyIdSchema,
  region: regionSchema,
  until: z.enum(['Created', 'Primary', 'Replica']),
  timeoutMinutes: timeoutMinutesSchema,
  poll: pollSchema,
});

export interface DescribeMemberResult {
  readonly done: boolean;
  readonly attempt: number;
  readonly deadline: string;
  readonly waitSeconds: number;
  readonly keyState: string;
  readonly role: string;
}

/** Throws MemberWaitTimedOut once the deadline (set by the first check) has passed. */
export async function describeMember(deps: TaskDeps, event: unknown): Promise<DescribeMemberResult> {
  const input = parseEvent(schema, event, 'DescribeMember');
  const key = await deps.kms.describeKey(input.region, input.keyId);
  const now = deps.clock.now();
  const step = nextPoll(input.poll, now, { timeoutMinutes: input.timeoutMinutes });
  const seen = { keyState: key?.keyState ?? 'Absent', role: key?.role ?? 'None' };
  if (UNTIL[input.until](key)) return { done: true, ...step, waitSeconds: 0, ...seen };
  if (step.expired) {
    throw new MemberWaitTimedOutError(
      `The key in ${input.region} is still ${seen.keyState} (${seen.role}) after ${input.timeoutMinutes} minutes; expected ${input.until}`,
      { details: { region: input.region, keyId: input.keyId, ...seen } },
    );
  }
  return {
    done: false,
    attempt: step.attempt,
    deadline: step.deadline,
    waitSeconds: step.waitSeconds,
    ...seen,
  };
}
