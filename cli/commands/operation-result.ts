// What every command that starts an operation does next: print it and stop (--no-wait), or follow it
// with live per-Region progress until it ends, and exit non-zero when it did not fully succeed.
import type { RequestOptions } from '../api-client.js';
import type { CommandContext } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { orderedSteps } from '../format/render.js';
import type { AcceptedView, OperationView } from '../format/views.js';
import { createProgressDisplay } from '../progress-display.js';
import { waitForOperation } from '../wait-for-operation.js';
import { booleanFlag, intFlag } from './flags.js';

/** Sends the request that starts an operation (202 with an AcceptedView), then follows it. */
export async function startOperation(
  context: CommandContext,
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  options: RequestOptions,
  lead: string,
): Promise<number> {
  const client = await context.client();
  const { body } = await client.request<AcceptedView>(method, path, options);
  return followOperation(context, body, lead);
}

export async function followOperation(
  context: CommandContext,
  accepted: AcceptedView,
  lead: string,
): Promise<number> {
  if (booleanFlag(context, 'wait') && booleanFlag(context, 'no-wait')) {
    throw new UsageError('Give --wait or --no-wait, not both');
  }
  const { operation } = accepted;
  if (booleanFlag(context, 'no-wait')) {
    if (context.json) context.printJson(accepted);
    else {
      context.print(
        `${lead}\nStarted ${operation.type} operation ${operation.operationId} (${operation.status}).\n`,
      );
      context.print(`Follow it with: mrkctl ops watch ${operation.operationId}\n`);
    }
    return EXIT.ok;
  }
  const timeoutSeconds = intFlag(context, 'timeout', 1, 7 * 24 * 3600) ?? 900;
  if (!context.json) context.print(`${lead}\n`);
  const client = await context.client();
  const final = await waitForOperation(client, operation.operationId, {
    display: context.json ? undefined : createProgressDisplay(context.io.stdout),
    pollMs: context.io.pollMs,
    sleep: context.io.sleep,
    timeoutMs: timeoutSeconds * 1000,
  });
  return reportFinal(context, final);
}

/** The message as one sentence ending in a single full stop ("job." + "." is not "job.."). */
function sentence(message: string): string {
  return `${message.trim().replace(/[.\s]+$/, '')}.`;
}

export function reportFinal(context: CommandContext, final: OperationView): number {
  if (context.json) context.printJson(final);
  if (final.status === 'Succeeded') return EXIT.ok;
  // One line per distinct error, naming every Region that had it, instead of the same message per Region.
  const byError = new Map<string, string[]>();
  for (const [region, step] of orderedSteps(final)) {
    if (step.status !== 'Failed') continue;
    const error = step.error ? `${step.error.code}: ${sentence(step.error.message)}` : '';
    byError.set(error, [...(byError.get(error) ?? []), region]);
  }
  const overall = final.error ? `${final.error.code}: ${sentence(final.error.message)}` : '';
  const lines = [
    `mrkctl: operation ${final.operationId} ended ${final.status}.${overall ? ` ${overall}` : ''}`,
  ];
  for (const [error, regions] of byError) {
    lines.push(`  Failed in ${regions.join(', ')}${error && error !== overall ? `: ${error}` : ''}`);
  }
  lines.push(
    `  Inspect it with \`mrkctl ops get ${final.operationId}\`; repair with \`mrkctl keys reconcile ${final.keyId}\` once the cause is fixed.`,
  );
  context.io.stderr.write(`${lines.join('\n')}\n`);
  return EXIT.other;
}
