// keys list | get | drift: reading key sets and their drift.
import { type Command, type CommandContext, GLOBAL_DETAILS } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { renderDrift, renderKey, renderKeyList } from '../format/render.js';
import type { DriftView, KeyView, ListView } from '../format/views.js';
import { booleanFlag, intFlag, keyIdArg, keyPath, stringFlag } from './flags.js';

export const keysList: Command = {
  name: 'keys list',
  summary: 'list key sets (filter by tenant, Region, status, alias)',
  synopsis: '[--tenant T] [--region R] [--status S] [--alias NAME] [--limit N] [--all]',
  details: [
    '--tenant T             only this tenant',
    '--region R             only sets with a member in R',
    '--status S             Active | Deleting | PendingDeletion | Deleted',
    '--alias NAME           only sets with this alias (alias/...)',
    '--limit N              page size, 1-100 (default 50)',
    '--all                  follow every page',
    ...GLOBAL_DETAILS,
  ],
  options: {
    tenant: { type: 'string' },
    region: { type: 'string' },
    status: { type: 'string' },
    alias: { type: 'string' },
    limit: { type: 'string' },
    all: { type: 'boolean' },
  },
  positionals: [0, 0],
  async run(context) {
    const client = await context.client();
    const query = {
      tenant: stringFlag(context, 'tenant'),
      region: stringFlag(context, 'region'),
      status: stringFlag(context, 'status'),
      alias: stringFlag(context, 'alias'),
      limit: intFlag(context, 'limit', 1, 100),
    };
    const items: KeyView[] = [];
    let nextToken: string | undefined;
    do {
      const { body } = await client.get<ListView<KeyView>>('/keys', { ...query, nextToken });
      items.push(...body.items);
      nextToken = body.nextToken;
    } while (nextToken !== undefined && booleanFlag(context, 'all'));
    if (context.json) context.printJson({ items, ...(nextToken !== undefined && { nextToken }) });
    else {
      context.print(renderKeyList(items));
      if (nextToken !== undefined) context.print('(more keys: repeat with --all)\n');
    }
    return EXIT.ok;
  },
};

export const keysGet: Command = {
  name: 'keys get',
  summary: 'one key set: desired state and every Region as observed',
  synopsis: 'KEY_ID [--live]',
  details: [
    '--live                 read KMS in every Region now (default: last observed)',
    ...GLOBAL_DETAILS,
  ],
  options: { live: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    const client = await context.client();
    const { body } = await client.get<KeyView>(keyPath(keyIdArg(context)), liveQuery(context));
    if (context.json) context.printJson(body);
    else context.print(renderKey(body));
    return EXIT.ok;
  },
};

export const keysDrift: Command = {
  name: 'keys drift',
  summary: 'compare the desired state with KMS in every Region',
  synopsis: 'KEY_ID [--stored]',
  details: [
    '--stored               show the last stored drift report instead of reading KMS now',
    'Exit code 0 whether or not there is drift; --json gives `status` (InSync | Drifted | Unknown).',
    ...GLOBAL_DETAILS,
  ],
  options: { stored: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    const client = await context.client();
    const keyId = keyIdArg(context);
    const live = !booleanFlag(context, 'stored');
    const { body } = await client.get<DriftView>(keyPath(keyId, '/drift'), { live });
    if (context.json) context.printJson(body);
    else {
      context.print(renderDrift(keyId, body));
      if (body.status === 'Drifted') context.print(`\nRepair it with: mrkctl keys reconcile ${keyId}\n`);
    }
    return EXIT.ok;
  },
};

function liveQuery(context: CommandContext): { live?: boolean } {
  return booleanFlag(context, 'live') ? { live: true } : {};
}
