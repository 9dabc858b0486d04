// Local-only routes: POST /_local/token issues a token for any identity; GET /_local/jwks.json.
import * as z from 'zod';
import { checkJsonText } from '../../src/core/json/check-json-text.js';
import type { LocalJwtIssuer } from '../auth/local-jwt-issuer.js';
import type { RequestParts } from './to-proxy-event.js';

const tokenRequest = z.strictObject({
  sub: z.string().min(1).max(256),
  tenants: z.array(z.string().min(1).max(128)).max(100).default([]),
  roles: z.array(z.string().min(1).max(64)).max(20).default([]),
  ttlSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(3600),
});

export interface LocalAnswer {
  readonly status: number;
  readonly body: unknown;
}

export function localRoutes(issuer: LocalJwtIssuer | undefined) {
  return async (parts: RequestParts): Promise<LocalAnswer | undefined> => {
    if (!parts.path.startsWith('/_local/')) return undefined;
    const error = (status: number, code: string, message: string) => ({
      status,
      body: { error: code, message, requestId: parts.requestId },
    });
    if (issuer === undefined) return error(404, 'NotFound', 'No local issuer is configured');
    if (parts.path === '/_local/jwks.json' && parts.method === 'GET')
      return { status: 200, body: issuer.jwks() };
    if (parts.path !== '/_local/token' || parts.method !== 'POST')
      return error(404, 'NotFound', 'No such route');
    let body: unknown;
    const problem = checkJsonText(parts.body ?? '');
    if (problem !== undefined) {
      return error(400, 'ValidationError', `Invalid body: ${problem.kind} at ${problem.path}`);
    }
    try {
      body = JSON.parse(parts.body ?? '');
    } catch {
      return error(400, 'ValidationError', 'The body must be JSON: { "sub", "tenants", "roles" }');
    }
    const parsed = tokenRequest.safeParse(body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
      );
      return error(400, 'ValidationError', `Invalid body: ${problems.join('; ')}`);
    }
    const { ttlSeconds, ...identity } = parsed.data;
    const token = await issuer.issueToken(identity, ttlSeconds);
    return { status: 200, body: { token, tokenType: 'Bearer', expiresIn: ttlSeconds } };
  };
}
