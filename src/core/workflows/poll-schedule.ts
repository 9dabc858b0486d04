// Polling with a deadline in minutes and a growing interval: how workflows wait for KMS to settle.

export interface PollState {
  /** Checks made so far (0 before the first). */
  readonly attempt: number;
  /** ISO time after which waiting is a failure; set by the first check. */
  readonly deadline?: string | undefined;
}

export interface PollSettings {
  /** How long to wait in total. Replication has been seen to take ~10 minutes (ARCHITECTURE 1). */
  readonly timeoutMinutes: number;
  /** First interval in seconds; doubles each check up to maxIntervalSeconds. */
  readonly firstIntervalSeconds?: number;
  readonly maxIntervalSeconds?: number;
}

export interface PollStep {
  readonly attempt: number;
  readonly deadline: string;
  /** Seconds the Wait state should pause before the next check (a whole number, as ASL requires). */
  readonly waitSeconds: number;
  /** True when the deadline has passed: the caller should stop and report a timeout. */
  readonly expired: boolean;
}

/** The next step of a poll loop, after a check that found the awaited state not reached yet. */
export function nextPoll(previous: PollState, now: Date, settings: PollSettings): PollStep {
  const first = settings.firstIntervalSeconds ?? 2;
  const max = settings.maxIntervalSeconds ?? 30;
  const deadline =
    previous.deadline ?? new Date(now.getTime() + settings.timeoutMinutes * 60_000).toISOString();
  const attempt = previous.attempt + 1;
  const waitSeconds = Math.max(1, Math.min(max, Math.round(first * 2 ** (attempt - 1))));
  return { attempt, deadline, waitSeconds, expired: now.getTime() > Date.parse(deadline) };
}
