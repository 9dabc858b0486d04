// keys replicate | promote | rotate | delete | cancel-deletion | reconcile: operations on a key set.
import { type Command, GLOBAL_DETAILS, WAIT_DETAILS, WAIT_OPTIONS } from '../command.js';
import { UsageError } from '../exit-codes.js';
import { booleanFlag, intFlag, keyIdArg, keyPath, listFlag, stringFlag } from './flags.js';
import { startOperation } from './operation-result.js';

const DETAILS = [...WAIT_DETAILS, ...GLOBAL_DETAILS];

export const keysReplicate: Command = {
  name: 'keys replicate',
  summary: 'add replicas in more Regions (an existing replica there is adopted)',
  synopsis: 'KEY_ID REGION... | KEY_ID --region R [--region R ...]',
  details: ['--region R             a Region to add; repeatable or comma-separated', ...DETAILS],
  options: { ...WAIT_OPTIONS, region: { type: 'string', multiple: true } },
  positionals: [1, 21],
  async run(context) {
    const keyId = keyIdArg(context);
    const regions = [...context.args.slice(1), ...(listFlag(context, 'region') ?? [])];
    if (regions.length === 0)
      throw new UsageError('Name at least one Region, e.g. mrkctl keys replicate KEY_ID eu-west-1');
    return startOperation(
      context,
      'POST',
      keyPath(keyId, '/replicas'),
      { body: { regions } },
      `Replicating ${keyId} to ${regions.join(', ')}.`,
    );
  },
};

export const keysPromote: Command = {
  name: 'keys promote',
  summary: 'make a replica the primary (UpdatePrimaryRegion)',
  synopsis: 'KEY_ID REGION | KEY_ID --region R',
  details: ['--region R             the replica Region to promote', ...DETAILS],
  options: { ...WAIT_OPTIONS, region: { type: 'string' } },
  positionals: [1, 2],
  async run(context) {
    const keyId = keyIdArg(context);
    const region = context.args[1] ?? stringFlag(context, 'region');
    if (region === undefined)
      throw new UsageError('Name the Region to promote, e.g. mrkctl keys promote KEY_ID eu-west-1');
    return startOperation(
      context,
      'POST',
      keyPath(keyId, '/primary'),
      { body: { region } },
      `Promoting ${region} to primary of ${keyId}.`,
    );
  },
};

export const keysRotate: Command = {
  name: 'keys rotate',
  summary: 'rotate the key material now and wait until every Region has it',
  synopsis: 'KEY_ID',
  details: DETAILS,
  options: { ...WAIT_OPTIONS },
  positionals: [1, 1],
  async run(context) {
    const keyId = keyIdArg(context);
    return startOperation(context, 'POST', keyPath(keyId, '/rotations'), { body: {} }, `Rotating ${keyId}.`);
  },
};

export const keysDelete: Command = {
  name: 'keys delete',
  summary: 'schedule deletion: every replica first, the primary last (or one replica with --replica)',
  synopsis: 'KEY_ID [--window DAYS] [--disable-first] [--soak-minutes N] | KEY_ID --replica REGION',
  details: [
    '--window DAYS          the pending window, 7-30 days (default 30)',
    '--disable-first        disable every member and soak before scheduling',
    '--soak-minutes N       how long to wait disabled (with --disable-first)',
    '--replica REGION       schedule only this replica for deletion',
    ...DETAILS,
  ],
  options: {
    ...WAIT_OPTIONS,
    window: { type: 'string' },
    'disable-first': { type: 'boolean' },
    'soak-minutes': { type: 'string' },
    replica: { type: 'string' },
  },
  positionals: [1, 1],
  async run(context) {
    const keyId = keyIdArg(context);
    const window = intFlag(context, 'window', 7, 30);
    const replica = stringFlag(context, 'replica');
    if (replica !== undefined) {
      if (booleanFlag(context, 'disable-first') || context.flags['soak-minutes'] !== undefined) {
        throw new UsageError('--disable-first and --soak-minutes apply to the whole set, not to --replica');
      }
      return startOperation(
        context,
        'DELETE',
        keyPath(keyId, `/replicas/${encodeURIComponent(replica)}`),
        { query: { pendingWindowInDays: window } },
        `Scheduling the deletion of the ${replica} replica of ${keyId}.`,
      );
    }
    const query = {
      pendingWindowInDays: window,
      disableFirst: booleanFlag(context, 'disable-first') || undefined,
      soakMinutes: intFlag(context, 'soak-minutes', 0, 7 * 24 * 60),
    };
    return startOperation(
      context,
      'DELETE',
      keyPath(keyId),
      { query },
      `Deleting ${keyId}: replicas first, the primary last.`,
    );
  },
};

export const keysCancelDeletion: Command = {
  name: 'keys cancel-deletion',
  summary: 'cancel a scheduled deletion on every member',
  synopsis: 'KEY_ID [--enable]',
  details: ['--enable               re-enable every member afterwards', ...DETAILS],
  options: { ...WAIT_OPTIONS, enable: { type: 'boolean' } },
  positionals: [1, 1],
  async run(context) {
    const keyId = keyIdArg(context);
    return startOperation(
      context,
      'POST',
      keyPath(keyId, '/cancel-deletion'),
      { body: { enable: booleanFlag(context, 'enable') } },
      `Cancelling the deletion of ${keyId}.`,
    );
  },
};

export const keysReconcile: Command = {
  name: 'keys reconcile',
  summary: 'repair drift: replicate missing members, or sync every Region to the desired state',
  synopsis: 'KEY_ID',
  details: DETAILS,
  options: { ...WAIT_OPTIONS },
  positionals: [1, 1],
  async run(context) {
    const keyId = keyIdArg(context);
    return startOperation(
      context,
      'POST',
      keyPath(keyId, '/reconcile'),
      { body: {} },
      `Reconciling ${keyId}.`,
    );
  },
};
