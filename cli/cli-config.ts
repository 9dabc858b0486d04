// Where mrkctl finds the API and its token: --api/--token, then the named profile (--profile or
// MRK_PROFILE), then MRK_API_URL/MRK_TOKEN, then the config file's default (~/.mrkctl, or the path in
// MRKCTL_CONFIG) that `mrkctl login` writes. Named profiles live in the same file under "profiles".
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliError, EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

export const DEFAULT_API_URL = 'http://127.0.0.1:3000';

export interface StoredProfile {
  api?: string;
  token?: string;
}

/** The default profile at the top level (the file `login` always wrote), named ones under `profiles`. */
export interface StoredConfig extends StoredProfile {
  profiles?: Record<string, StoredProfile>;
}

export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface Connection {
  readonly api: string;
  readonly token: string | undefined;
}

export function configPath(io: Pick<CliIo, 'env' | 'homedir'>): string {
  return io.env.MRKCTL_CONFIG || join(io.homedir, '.mrkctl');
}

export async function readStoredConfig(path: string): Promise<StoredConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    const record = parsed as Record<string, unknown>;
    const profiles: Record<string, StoredProfile> = {};
    if (typeof record.profiles === 'object' && record.profiles !== null && !Array.isArray(record.profiles)) {
      for (const [name, value] of Object.entries(record.profiles as Record<string, unknown>)) {
        if (typeof value === 'object' && value !== null) profiles[name] = profileOf(value);
      }
    }
    return { ...profileOf(record), ...(Object.keys(profiles).length > 0 && { profiles }) };
  } catch {
    throw new CliError(
      `The config file ${path} is not valid JSON.`,
      EXIT.other,
      'Fix it, delete it, or run `mrkctl login --local` to write a new one.',
    );
  }
}

function profileOf(value: object): StoredProfile {
  const { api, token } = value as Record<string, unknown>;
  return { ...(typeof api === 'string' && { api }), ...(typeof token === 'string' && { token }) };
}

/** The profile named by --profile or MRK_PROFILE; undefined: the default one. */
export function profileName(io: Pick<CliIo, 'env'>, flag: string | undefined): string | undefined {
  const name = flag || io.env.MRK_PROFILE || undefined;
  if (name !== undefined && name !== 'default' && !PROFILE_NAME.test(name)) {
    throw new CliError(
      `The profile name ${JSON.stringify(name)} is not valid.`,
      EXIT.usage,
      'Profile names are letters, digits, dots, dashes and underscores (up to 64).',
    );
  }
  return name === 'default' ? undefined : name;
}

/** Writes the file readable by its owner only: it holds a bearer token. */
export async function writeStoredConfig(path: string, config: StoredConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}

export async function resolveConnection(
  io: Pick<CliIo, 'env' | 'homedir'>,
  flags: { api?: string | undefined; token?: string | undefined; profile?: string | undefined },
): Promise<Connection> {
  const path = configPath(io);
  const stored = await readStoredConfig(path);
  const name = profileName(io, flags.profile);
  let profile: StoredProfile | undefined;
  if (name !== undefined) {
    profile = stored.profiles?.[name];
    if (profile === undefined) {
      const known = Object.keys(stored.profiles ?? {});
      throw new CliError(
        `No profile ${JSON.stringify(name)} in ${path}.`,
        EXIT.usage,
        known.length > 0
          ? `Known profiles: ${known.join(', ')}. Add one with \`mrkctl login --profile ${name} --api URL --token TOKEN\`.`
          : `Add it with \`mrkctl login --profile ${name} --api URL --token TOKEN\`.`,
      );
    }
  }
  // A profile named on purpose wins over the environment, as --profile does in the AWS CLI.
  const api =
    flags.api ||
    profile?.api ||
    io.env.MRK_API_URL ||
    (name === undefined ? stored.api : undefined) ||
    DEFAULT_API_URL;
  try {
    const url = new URL(api);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new CliError(
      `The API URL ${JSON.stringify(api)} is not an http(s) URL.`,
      EXIT.usage,
      'Pass e.g. --api http://127.0.0.1:3000',
    );
  }
  const token =
    flags.token ||
    profile?.token ||
    io.env.MRK_TOKEN ||
    (name === undefined ? stored.token : undefined) ||
    undefined;
  return { api, token };
}
