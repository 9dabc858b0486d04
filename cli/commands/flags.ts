// Reading typed values out of parsed flags, with usage errors that name the flag.
import type { CommandContext } from '../command.js';
import { UsageError } from '../exit-codes.js';

export function stringFlag(context: CommandContext, name: string): string | undefined {
  const value = context.flags[name];
  if (Array.isArray(value)) return value.length === 0 ? undefined : String(value[value.length - 1]);
  return typeof value === 'string' ? value : undefined;
}

export function requiredFlag(context: CommandContext, name: string, example: string): string {
  const value = stringFlag(context, name);
  if (value === undefined || value === '')
    throw new UsageError(`--${name} is required, e.g. --${name} ${example}`);
  return value;
}

export function booleanFlag(context: CommandContext, name: string): boolean {
  return context.flags[name] === true;
}

/** A repeatable flag; each value may also be a comma-separated list (`--replica a,b --replica c`). */
export function listFlag(context: CommandContext, name: string): string[] | undefined {
  const value = context.flags[name];
  if (value === undefined) return undefined;
  const values = (Array.isArray(value) ? value : [value]).map(String);
  return values
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

export function intFlag(context: CommandContext, name: string, min: number, max: number): number | undefined {
  const value = stringFlag(context, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(
      `--${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`,
    );
  }
  return Number(value);
}

/** `--tag team=payments --tag env=prod` -> { team: 'payments', env: 'prod' }. */
export function tagsFlag(context: CommandContext, name = 'tag'): Record<string, string> | undefined {
  const value = context.flags[name];
  if (value === undefined) return undefined;
  const tags: Record<string, string> = {};
  for (const item of (Array.isArray(value) ? value : [value]).map(String)) {
    const at = item.indexOf('=');
    if (at <= 0) throw new UsageError(`--${name} takes KEY=VALUE (got ${JSON.stringify(item)})`);
    tags[item.slice(0, at)] = item.slice(at + 1);
  }
  return tags;
}

export function keyIdArg(context: CommandContext): string {
  const keyId = context.args[0];
  if (keyId === undefined)
    throw new UsageError('KEY_ID is missing, e.g. mrk-1234abcd12ab34cd56ef1234567890ab');
  return keyId;
}

export const keyPath = (keyId: string, rest = ''): string => `/keys/${encodeURIComponent(keyId)}${rest}`;
