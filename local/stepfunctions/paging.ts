// Opaque nextToken values: a cursor plus the request they belong to, so a token is refused
// (InvalidToken) when it is malformed or reused with other parameters.
import { errors } from './sfn-error.js';

export const DEFAULT_PAGE_SIZE = 100;

export function encodeToken(scope: string, cursor: string | number): string {
  return Buffer.from(JSON.stringify({ s: scope, c: cursor })).toString('base64url');
}

export function decodeToken(token: string | undefined, scope: string): string | number | undefined {
  if (token === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw errors.invalidToken(token);
  }
  const { s, c } = (parsed ?? {}) as { s?: unknown; c?: unknown };
  if (typeof c !== 'string' && typeof c !== 'number') throw errors.invalidToken(token);
  if (s !== scope) throw errors.invalidToken('The token was issued for a different request');
  return c;
}

/** maxResults 0 or absent means the default page size, as AWS documents. */
export const pageSize = (maxResults: number | undefined): number =>
  maxResults === undefined || maxResults === 0 ? DEFAULT_PAGE_SIZE : maxResults;
