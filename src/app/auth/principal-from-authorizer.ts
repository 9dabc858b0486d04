// Reads the principal the authorizer put in the request context (strings only: JSON-encoded lists).
import * as z from 'zod';
import { UnauthorizedError } from '../../core/errors.js';
import type { Principal } from '../../core/guardrails/check-guardrails.js';

const list = z
  .string()
  .max(8192)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.array(z.string().min(1).max(128)).max(100));

const context = z.object({ sub: z.string().min(1).max(256), tenants: list, roles: list });

/** The authorizer context as API Gateway passes it on; anything missing or malformed is a 401. */
export function principalFromAuthorizer(authorizer: unknown): Principal {
  const parsed = context.safeParse(authorizer);
  if (!parsed.success) {
    throw new UnauthorizedError('The request carries no verified identity');
  }
  return parsed.data;
}

/** The authorizer context for a principal (API Gateway allows only string, number and boolean values). */
export function authorizerContextOf(principal: Principal): Record<string, string> {
  return {
    sub: principal.sub,
    tenants: JSON.stringify(principal.tenants),
    roles: JSON.stringify(principal.roles),
  };
}
