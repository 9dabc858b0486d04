// login: store the API URL and a token in the config file (~/.mrkctl or MRKCTL_CONFIG); --local takes
// them from the local stack's data folder (admin.token and local-stack.json written by `npm start`).
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { configPath, DEFAULT_API_URL, readStoredConfig, writeStoredConfig } from '../cli-config.js';
import { type Command, GLOBAL_DETAILS } from '../command.js';
import { CliError, EXIT, UsageError } from '../exit-codes.js';
import { booleanFlag, stringFlag } from './flags.js';

export const login: Command = {
  name: 'login',
  summary: 'remember the API URL and token (--local: the local stack started by `npm start`)',
  synopsis: '--local [--data-dir DIR] | --api URL --token TOKEN',
  details: [
    '--local                take the admin token (and API URL) from the local stack data folder',
    '--data-dir DIR         that folder (default .mrk-local)',
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
    const config = { ...stored, api: api ?? stored.api ?? DEFAULT_API_URL, token };
    await writeStoredConfig(path, config);
    const claims = claimsOf(token);
    if (context.json) context.printJson({ api: config.api, config: path, ...claims });
    else {
      const who = claims.sub ? ` as ${claims.sub} (${(claims.roles ?? []).join(', ') || 'no roles'})` : '';
      const until = claims.exp ? `, token valid until ${new Date(claims.exp * 1000).toISOString()}` : '';
      context.print(`Logged in to ${config.api}${who}${until}.\nSaved in ${path}.\n`);
    }
    return EXIT.ok;
  },
};

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
