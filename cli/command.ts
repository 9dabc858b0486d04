// The shape of one mrkctl command and the context it runs in: parsed flags, output helpers, the client.
import type { ParseArgsConfig } from 'node:util';
import type { ApiClient } from './api-client.js';
import type { CliIo } from './io.js';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;
export type FlagValue = string | boolean | (string | boolean)[] | undefined;

export interface CommandContext {
  readonly io: CliIo;
  readonly flags: Readonly<Record<string, FlagValue>>;
  readonly args: readonly string[];
  readonly json: boolean;
  /** The API client, built on first use (commands like `login` need none). */
  client(): Promise<ApiClient>;
  print(text: string): void;
  printJson(value: unknown): void;
}

export interface Command {
  /** `keys create`, `ops watch`, `audit`, ... */
  readonly name: string;
  readonly summary: string;
  /** The synopsis after `mrkctl <name>`, e.g. `KEY_ID --region R [--wait|--no-wait]`. */
  readonly synopsis: string;
  /** Lines describing each flag, shown by `--help`. */
  readonly details: readonly string[];
  readonly options: OptionSpecs;
  /** How many positional arguments it takes: [min, max]. */
  readonly positionals: readonly [number, number];
  run(context: CommandContext): Promise<number>;
}

export const GLOBAL_OPTIONS = {
  api: { type: 'string' },
  token: { type: 'string' },
  profile: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpecs;

export const WAIT_OPTIONS = {
  wait: { type: 'boolean' },
  'no-wait': { type: 'boolean' },
  timeout: { type: 'string' },
} as const satisfies OptionSpecs;

export const WAIT_DETAILS = [
  '--wait / --no-wait     wait for the operation, showing progress per Region (default: wait)',
  '--timeout SECONDS      give up waiting after this long (default 900; the operation goes on)',
];

export const GLOBAL_DETAILS = [
  '--api URL              the API (default: MRK_API_URL, the config file, or http://127.0.0.1:3000)',
  '--token TOKEN          the bearer token (default: MRK_TOKEN, or the config file from `mrkctl login`)',
  '--profile NAME         a named API/token pair from the config file (default: MRK_PROFILE, else the default)',
  '--json                 print the API answer as JSON (for scripts)',
  '-h, --help             this help',
];
