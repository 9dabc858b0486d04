// login: check a token against the API, then store the API URL and the token in the config file
// (~/.mrkctl or MRKCTL_CONFIG), as the default or as a named profile (--profile); --local takes them from
// the local stack's data folder (admin.token and local-stack.json written by `npm start`).
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ApiClient, ApiError } from '../api-client.js';
import {
  configPath,
  DEFAULT_API_URL,
  profileName,
  readStoredConfig,
  type StoredConfig,
  writeStoredConfig,
} from '../cli-config.js';
import { type Command, GLOBAL_DETAILS } from '../command.js';
import { CliError, EXIT, UsageError } from '../exit-codes.js';
import { booleanFlag, stringFlag } from './flags.js';

export const login: Command = {
  name: 'login',
  summary: 'remember the API URL and token (--local: the local stack started by `npm start`)',
  synopsis: '--local [--data-dir DIR] | --api URL --token TOKEN  [--profile NAME]',
  details: [
    '--local                take the admin token (and API URL) from the local stack data folder',
    '--data-dir DIR         that folder (default .mrk-local)',
    '--profile NAME         save as this named profile (use it later with --profile NAME or MRK_PROFILE)',
    'The token is checked against the API first; nothing is saved when the API rejects it.',
    ...GLOBAL_DETAILS,
  ],
  options: { local: { type: 'boolean' }, 'data-dir': { type: 'string' } },
  positionals: [0, 0],
  async run(context) {
    const path = configPath(context.io);
    const stored = await readStoredConfig(path);
    let token = stringFlag(context, 'token');
    let api = stringFlag(context, 'api');
    if (booleanFlag(context, 'local')) {
      const dir = resolve(context.io.cwd, stringFlag(context, 'data-dir') ?? '.mrk-local');
      token ??= await readLocalToken(dir);
      api ??= await readLocalApi(dir);
    } else if (token === undefined) {
      throw new UsageError('Give --local (the local stack) or --token TOKEN', 'Run `mrkctl login --help`.');
    }
    const name = profileName(context.io, stringFlag(context, 'profile'));
    const previous = name === undefined ? stored : stored.profiles?.[name];
    const profile = { api: api ?? previous?.api ?? DEFAULT_API_URL, token };
    await checkToken(profile.api, token);
    const config: StoredConfig =
      name === undefined
        ? { ...stored, ...profile }
        : { ...stored, profiles: { ...stored.profiles, [name]: profile } };
    await writeStoredConfig(path, config);
    const claims = claimsOf(token);
    if (context.json)
      context.printJson({ api: profile.api, config: path, ...(name && { profile: name }), ...claims });
    else {
      const who = claims.sub ? ` as ${claims.sub} (${(claims.roles ?? []).join(', ') || 'no roles'})` : '';
      const until = claims.exp ? `, token valid until ${new Date(claims.exp * 1000).toISOString()}` : '';
      const as = name === undefined ? '' : ` as profile ${name} (use it with --profile ${name})`;
      context.print(`Logged in to ${profile.api}${who}${until}.\nSaved in ${path}${as}.\n`);
    }
    return EXIT.ok;
  },
};

/**
 * One authenticated read: 401 means the API does not accept the token. Any other answer (200, or a 403/400
 * about what this token may list) means it verified. Nothing is saved unless it did.
 */
async function checkToken(api: string, token: string): Promise<void> {
  try {
    await new ApiClient({ baseUrl: api, token }).get('/keys', { limit: 1 });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 400)) return;
    if (error instanceof ApiError && error.status === 401) {
      throw new CliError(
        `The API at ${api} does not accept this token (${error.message}); nothing was saved.`,
        EXIT.denied,
        'Check the token (expired? for another API?); for the local stack run `mrkctl login --local`.',
      );
    }
    if (error instanceof ApiError) {
      throw new CliError(
        `Could not check the token: ${api}/keys answered ${error.status} ${error.code}; nothing was saved.`,
        EXIT.other,
        'Is --api the mrk-control-plane REST API (e.g. http://127.0.0.1:3000)?',
      );
    }
    if (error instanceof CliError) {
      throw new CliError(
        `${error.message} The token was not checked, so nothing was saved.`,
        error.exitCode,
        error.hint,
      );
    }
    throw error;
  }
}

async function readLocalToken(dir: string): Promise<string> {
  try {
    return (await readFile(join(dir, 'admin.token'), 'utf8')).trim();
  } catch {
    throw new CliError(
      `No admin token in ${dir}.`,
      EXIT.other,
      'Start the local stack first (`npm start`), or name its folder with --data-dir.',
    );
  }
}

async function readLocalApi(dir: string): Promise<string | undefined> {
  try {
    const info = JSON.parse(await readFile(join(dir, 'local-stack.json'), 'utf8')) as {
      endpoints?: { api?: unknown };
    };
    return typeof info.endpoints?.api === 'string' ? info.endpoints.api : undefined;
  } catch {
    return undefined;
  }
}

/** The token's claims, read without verifying (only to tell the person who they are now). */
function claimsOf(token: string): { sub?: string; roles?: string[]; exp?: number } {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    return {
      ...(typeof payload.sub === 'string' && { sub: payload.sub }),
      ...(Array.isArray(payload.roles) && { roles: payload.roles.map(String) }),
      ...(typeof payload.exp === 'number' && { exp: payload.exp }),
    };
  } catch {
    return {};
  }
}
