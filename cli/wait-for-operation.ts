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
