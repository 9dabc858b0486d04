// Where mrkctl finds the API and its token: --api/--token, then MRK_API_URL/MRK_TOKEN, then the config
// file (~/.mrkctl, or the path in MRKCTL_CONFIG) that `mrkctl login` writes.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliError, EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

export const DEFAULT_API_URL = 'http://127.0.0.1:3000';

export interface StoredConfig {
  api?: string;
  token?: string;
}

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
    const { api, token } = parsed as Record<string, unknown>;
    return { ...(typeof api === 'string' && { api }), ...(typeof token === 'string' && { token }) };
  } catch {
    throw new CliError(
      `The config file ${path} is not valid JSON.`,
      EXIT.other,
      'Fix it, delete it, or run `mrkctl login --local` to write a new one.',
    );
  }
}

/** Writes the file readable by its owner only: it holds a bearer token. */
export async function writeStoredConfig(path: string, config: StoredConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}

export async function resolveConnection(
  io: Pick<CliIo, 'env' | 'homedir'>,
  flags: { api?: string | undefined; token?: string | undefined },
): Promise<Connection> {
  const stored = await readStoredConfig(configPath(io));
  const api = flags.api || io.env.MRK_API_URL || stored.api || DEFAULT_API_URL;
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
  return { api, token: flags.token || io.env.MRK_TOKEN || stored.token || undefined };
}
