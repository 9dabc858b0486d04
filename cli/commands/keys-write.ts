// keys create | update: a new key set, and changes to its desired properties (synced to every Region).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Command, type CommandContext, GLOBAL_DETAILS, WAIT_DETAILS, WAIT_OPTIONS } from '../command.js';
import { EXIT, UsageError } from '../exit-codes.js';
import type { AcceptedView, KeyView, UnchangedView } from '../format/views.js';
import {
  booleanFlag,
  intFlag,
  keyIdArg,
  keyPath,
  listFlag,
  requiredFlag,
  stringFlag,
  tagsFlag,
} from './flags.js';
import { followOperation } from './operation-result.js';

const PROPERTY_OPTIONS = {
  description: { type: 'string' },
  alias: { type: 'string', multiple: true },
  tag: { type: 'string', multiple: true },
  'rotation-period': { type: 'string' },
  'no-rotation': { type: 'boolean' },
  'policy-file': { type: 'string' },
} as const;

export const keysCreate: Command = {
  name: 'keys create',
  summary: 'create a multi-Region key set: the primary, its aliases and tags, then the replicas',
  synopsis: '--tenant T --primary-region R [--replica R ...] [--key-spec S] [--alias A ...] [--tag K=V ...]',
  details: [
    '--tenant T             the owning tenant (lowercase letters, digits, dashes)',
    '--primary-region R     where the primary key is created, e.g. us-east-1',
    '--replica R            a replica Region; repeat or comma-separate (eu-west-1,us-west-2)',
    '--key-spec S           SYMMETRIC_DEFAULT (default), RSA_2048, ECC_NIST_P256, HMAC_256, ...',
    '--key-usage U          ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT',
    '--origin O             AWS_KMS (default) or EXTERNAL',
    '--description D        the key description',
    '--alias A              an alias (alias/name); repeatable',
    '--tag K=V              a tag; repeatable',
    '--rotation-period N    automatic rotation every N days (90-2560); default 365 for symmetric keys',
    '--no-rotation          no automatic rotation',
    '--policy-file F        the key policy, a JSON file (default: the account root policy)',
    '--disabled             create the keys disabled',
    ...WAIT_DETAILS,
    ...GLOBAL_DETAILS,
  ],
  options: {
    ...PROPERTY_OPTIONS,
    ...WAIT_OPTIONS,
    tenant: { type: 'string' },
    'primary-region': { type: 'string' },
    replica: { type: 'string', multiple: true },
    'key-spec': { type: 'string' },
    'key-usage': { type: 'string' },
    origin: { type: 'string' },
    disabled: { type: 'boolean' },
  },
  positionals: [0, 0],
  async run(context) {
    const body = {
      tenant: requiredFlag(context, 'tenant', 'payments'),
      primaryRegion: requiredFlag(context, 'primary-region', 'us-east-1'),
      replicaRegions: listFlag(context, 'replica') ?? [],
      ...optional('keySpec', stringFlag(context, 'key-spec')),
      ...optional('keyUsage', stringFlag(context, 'key-usage')),
      ...optional('origin', stringFlag(context, 'origin')),
      ...optional('description', stringFlag(context, 'description')),
      ...optional('aliases', listFlag(context, 'alias')),
      ...optional('tags', tagsFlag(context)),
      ...optional('rotation', rotationOf(context)),
      ...optional('policy', await policyOf(context)),
      ...(booleanFlag(context, 'disabled') && { enabled: false }),
    };
    const client = await context.client();
    const { body: accepted } = await client.request<AcceptedView>('POST', '/keys', { body });
    const keyId = accepted.key?.keyId ?? accepted.operation.keyId;
    return followOperation(context, accepted, `Created ${keyId} (primary in ${body.primaryRegion}).`);
  },
};

export const keysUpdate: Command = {
  name: 'keys update',
  summary:
    'change desired properties (aliases, tags, description, policy, enabled, rotation); syncs every Region',
  synopsis:
    'KEY_ID [--alias A] [--remove-alias A] [--tag K=V] [--remove-tag K] [--description D] [--enable|--disable]',
  details: [
    '--alias A              add an alias; repeatable',
    '--remove-alias A       remove an alias; repeatable',
    '--tag K=V              set a tag; repeatable',
    '--remove-tag K         remove a tag; repeatable',
    '--description D        the description',
    '--enable / --disable   the enabled state of every member',
    '--rotation-period N    automatic rotation every N days; --no-rotation turns it off',
    '--policy-file F        replace the key policy with this JSON file',
    '--if-match VERSION     fail (exit 4) unless the key is still at this version (default: the version read now)',
    ...WAIT_DETAILS,
    ...GLOBAL_DETAILS,
  ],
  options: {
    ...PROPERTY_OPTIONS,
    ...WAIT_OPTIONS,
    'remove-alias': { type: 'string', multiple: true },
    'remove-tag': { type: 'string', multiple: true },
    enable: { type: 'boolean' },
    disable: { type: 'boolean' },
    'if-match': { type: 'string' },
  },
  positionals: [1, 1],
  async run(context) {
    const keyId = keyIdArg(context);
    if (booleanFlag(context, 'enable') && booleanFlag(context, 'disable')) {
      throw new UsageError('Give --enable or --disable, not both');
    }
    const client = await context.client();
    // Aliases and tags are edited against what is desired now, so one flag changes one thing.
    const { body: key } = await client.get<KeyView>(keyPath(keyId));
    const addAliases = listFlag(context, 'alias');
    const removeAliases = listFlag(context, 'remove-alias');
    const setTags = tagsFlag(context);
    const removeTags = listFlag(context, 'remove-tag');
    const aliases =
      addAliases || removeAliases
        ? [...new Set([...key.desired.aliases, ...(addAliases ?? [])])].filter(
            (name) => !removeAliases?.includes(name),
          )
        : undefined;
    const tags =
      setTags || removeTags
        ? Object.fromEntries(
            Object.entries({ ...key.desired.tags, ...setTags }).filter(
              ([name]) => !removeTags?.includes(name),
            ),
          )
        : undefined;
    const body = {
      ...optional('description', stringFlag(context, 'description')),
      ...optional('aliases', aliases),
      ...optional('tags', tags),
      ...optional('rotation', rotationOf(context)),
      ...optional('policy', await policyOf(context)),
      ...(booleanFlag(context, 'enable') && { enabled: true }),
      ...(booleanFlag(context, 'disable') && { enabled: false }),
    };
    if (Object.keys(body).length === 0) {
      throw new UsageError(
        'Nothing to change: give at least one of --alias, --tag, --description, ...',
        'Run `mrkctl keys update --help`.',
      );
    }
    const version = intFlag(context, 'if-match', 1, Number.MAX_SAFE_INTEGER) ?? key.version;
    const answer = await client.request<AcceptedView | UnchangedView>('PATCH', keyPath(keyId), {
      body,
      headers: { 'if-match': `"${version}"` },
    });
    if (answer.status === 200 && 'unchanged' in answer.body) {
      // The API started nothing: every asked value already is the desired one.
      if (context.json) context.printJson(answer.body);
      else
        context.print(`${answer.body.message}; no operation started (version ${answer.body.key.version}).\n`);
      return EXIT.ok;
    }
    const accepted = answer.body as AcceptedView;
    return followOperation(context, accepted, `Updating ${keyId}: ${Object.keys(body).join(', ')}.`);
  },
};

function optional<K extends string, V>(name: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [name]: value } as Record<K, V>);
}

function rotationOf(context: CommandContext): { enabled: boolean; periodInDays?: number } | undefined {
  const period = intFlag(context, 'rotation-period', 90, 2560);
  if (booleanFlag(context, 'no-rotation')) {
    if (period !== undefined) throw new UsageError('Give --rotation-period or --no-rotation, not both');
    return { enabled: false };
  }
  return period === undefined ? undefined : { enabled: true, periodInDays: period };
}

async function policyOf(context: CommandContext): Promise<Record<string, unknown> | undefined> {
  const file = stringFlag(context, 'policy-file');
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(resolve(context.io.cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read --policy-file ${file}: ${(error as Error).message}`);
  }
  try {
    const policy = JSON.parse(text) as unknown;
    if (typeof policy !== 'object' || policy === null || Array.isArray(policy))
      throw new Error('not an object');
    return policy as Record<string, unknown>;
  } catch {
    throw new UsageError(`--policy-file ${file} is not a JSON object (a key policy document)`);
  }
}
