// Polls an operation until it finishes, feeding each state to a progress display.
import type { ApiClient } from './api-client.js';
import { CliError, EXIT } from './exit-codes.js';
import type { OperationView } from './format/views.js';
import { defaultSleep } from './io.js';
import { isTerminal, type ProgressDisplay } from './progress-display.js';

export interface WaitOptions {
  readonly display?: ProgressDisplay | undefined;
  readonly pollMs?: number | undefined;
  readonly timeoutMs?: number | undefined;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  readonly now?: () => number;
}

export async function waitForOperation(
  client: ApiClient,
  operationId: string,
  options: WaitOptions = {},
): Promise<OperationView> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const deadline = now() + (options.timeoutMs ?? 15 * 60_000);
  for (;;) {
    const { body: operation } = await client.get<OperationView>(
      `/operations/${encodeURIComponent(operationId)}`,
    );
    if (isTerminal(operation)) {
      await untilUnlocked(client, operation, { sleep, now, deadline, pollMs: options.pollMs ?? 500 });
      options.display?.finish(operation);
      return operation;
    }
    options.display?.show(operation);
    if (now() >= deadline) {
      throw new CliError(
        `Operation ${operationId} is still ${operation.status} after the wait timed out.`,
        EXIT.other,
        `It goes on in the background: follow it with \`mrkctl ops watch ${operationId}\`.`,
      );
    }
    await sleep(options.pollMs ?? 500);
  }
}

/**
 * The workflow records the final status a moment before it releases the key's lock, so a command run
 * right after this one could meet a 409. Waiting for the lock to go makes `a && b` scripts safe.
 */
async function untilUnlocked(
  client: ApiClient,
  operation: OperationView,
  timing: { sleep: (ms: number) => Promise<void>; now: () => number; deadline: number; pollMs: number },
): Promise<void> {
  for (;;) {
    let holder: string | undefined;
    try {
      const { body } = await client.get<{ activeOperationId?: string }>(
        `/keys/${encodeURIComponent(operation.keyId)}`,
      );
      holder = body.activeOperationId;
    } catch {
      return; // The key is gone or not readable with this token: nothing to wait for.
    }
    if (holder !== operation.operationId || timing.now() >= timing.deadline) return;
    await timing.sleep(Math.min(timing.pollMs, 100));
  }
}
