// ops get | watch and audit: following operations and reading the audit trail.
import { type Command, GLOBAL_DETAILS } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { renderAudit, renderOperation } from '../format/render.js';
import type { AuditEventView, AuditListView, OperationView } from '../format/views.js';
import { createProgressDisplay } from '../progress-display.js';
import { waitForOperation } from '../wait-for-operation.js';
import { booleanFlag, intFlag, keyPath, stringFlag } from './flags.js';
import { reportFinal } from './operation-result.js';

function operationIdArg(args: readonly string[]): string {
  const id = args[0];
  if (id === undefined)
    throw new UsageError('OPERATION_ID is missing (it is printed when an operation starts)');
  return id;
}

export const opsGet: Command = {
  name: 'ops get',
  summary: 'one operation with its status per Region',
  synopsis: 'OPERATION_ID',
  details: GLOBAL_DETAILS,
  options: {},
  positionals: [1, 1],
  async run(context) {
    const client = await context.client();
    const { body } = await client.get<OperationView>(
      `/operations/${encodeURIComponent(operationIdArg(context.args))}`,
    );
    if (context.json) context.printJson(body);
    else context.print(renderOperation(body));
    return EXIT.ok;
  },
};

export const opsWatch: Command = {
  name: 'ops watch',
  summary: 'follow an operation live until it ends (exit 0 only if it succeeded)',
  synopsis: 'OPERATION_ID [--timeout SECONDS]',
  details: ['--timeout SECONDS      stop watching after this long (default 900)', ...GLOBAL_DETAILS],
  options: { timeout: { type: 'string' } },
  positionals: [1, 1],
  async run(context) {
    const client = await context.client();
    const final = await waitForOperation(client, operationIdArg(context.args), {
      display: context.json ? undefined : createProgressDisplay(context.io.stdout),
      pollMs: context.io.pollMs,
      sleep: context.io.sleep,
      timeoutMs: (intFlag(context, 'timeout', 1, 7 * 24 * 3600) ?? 900) * 1000,
    });
    return reportFinal(context, final);
  },
};

export const audit: Command = {
  name: 'audit',
  summary: "the audit trail: one key's (KEY_ID) or every key's on one day",
  synopsis: '[KEY_ID] [--verify] [--day YYYY-MM-DD] [--limit N] [--all]',
  details: [
    '--verify               check the hash chains and the signed digests (exit 1 if a link is broken, a',
    '                       chain was cut below a digested head, or a digest is forged, altered or missing)',
    '--day YYYY-MM-DD       the UTC day of the fleet-wide view (default today; without KEY_ID)',
    '--limit N              page size, 1-100 (default 50)',
    '--all                  follow every page',
    ...GLOBAL_DETAILS,
  ],
  options: {
    verify: { type: 'boolean' },
    day: { type: 'string' },
    limit: { type: 'string' },
    all: { type: 'boolean' },
  },
  positionals: [0, 1],
  async run(context) {
    const keyId = context.args[0];
    const day = stringFlag(context, 'day');
    if (keyId !== undefined && day !== undefined)
      throw new UsageError('--day is for the fleet-wide view; leave out KEY_ID');
    const client = await context.client();
    const path = keyId === undefined ? '/audit' : keyPath(keyId, '/audit');
    const base = {
      verify: booleanFlag(context, 'verify') || undefined,
      day,
      limit: intFlag(context, 'limit', 1, 100),
    };
    const items: AuditEventView[] = [];
    let nextToken: string | undefined;
    let verification: AuditListView['verification'];
    do {
      const { body } = await client.get<AuditListView>(path, { ...base, nextToken });
      items.push(...body.items);
      verification ??= body.verification;
      nextToken = body.nextToken;
      // Verification covers the whole trail on the first page; later pages need not repeat it.
      base.verify = undefined;
    } while (nextToken !== undefined && booleanFlag(context, 'all'));
    const view: AuditListView = {
      items,
      ...(nextToken !== undefined && { nextToken }),
      ...(verification !== undefined && { verification }),
    };
    if (context.json) context.printJson(view);
    else context.print(renderAudit(view));
    if (verification !== undefined && !verification.valid) {
      context.io.stderr.write(
        verification.brokenCount > 0
          ? 'mrkctl: the audit hash chain does not verify: an event was changed or removed.\n'
          : 'mrkctl: the signed audit digests do not verify: a chain was cut, or a digest was forged, altered or removed.\n',
      );
      return EXIT.other;
    }
    return EXIT.ok;
  },
};
