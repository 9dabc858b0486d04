// Opaque paging tokens: base64url(JSON of DynamoDB's LastEvaluatedKey) + HMAC-SHA256 over it and its scope.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../../../core/errors.js';

export type PageKey = Record<string, string | number>;

const MAX_TOKEN_LENGTH = 2048;

/**
 * `scope` names the listing (e.g. `keysets:tenant:payments`), so a token from one listing cannot
 * be replayed against another: it would let a caller start reading another tenant's partition.
 */
export function encodePageToken(secret: string, scope: string, key: PageKey): string {
  const payload = Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
  return `${payload}.${sign(secret, scope, payload)}`;
}

/** The key inside a token we issued for this scope; ValidationError for anything else. */
export function decodePageToken(secret: string, scope: string, token: string): PageKey {
  const invalid = () => new ValidationError('Invalid nextToken', { details: { field: 'nextToken' } });
  if (token.length > MAX_TOKEN_LENGTH) throw invalid();
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw invalid();
  const expected = Buffer.from(sign(secret, scope, payload), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const valid =
    typeof key === 'object' &&
    key !== null &&
    !Array.isArray(key) &&
    Object.values(key).every((value) => typeof value === 'string' || typeof value === 'number');
  if (!valid) throw invalid();
  return key as PageKey;
}

function sign(secret: string, scope: string, payload: string): string {
  return createHmac('sha256', secret).update(`${scope}\n${payload}`, 'utf8').digest('base64url');
}
