// The router: finds the route, checks the role, validates input, applies Idempotency-Key, runs the action.
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../../core/errors.js';
import type { Principal } from '../../core/guardrails/check-guardrails.js';
import { hasPermission, PERMISSION_TEXT, rolesWith } from '../auth/roles.js';
import type { ApiAnswer, ApiResult, ParsedEvent, ParsedRequest } from '../http/api-types.js';
import { jsonResponse } from '../http/json-response.js';
import type { ApiDeps } from './api-deps.js';
import { runIdempotent } from './idempotency/run-idempotent.js';
import { recordDenial } from './record-denial.js';
import type { Route, RouteContext } from './routes/route.js';
import { parseInput } from './zod-problems.js';

const ANONYMOUS: Principal = { sub: 'anonymous', tenants: [], roles: [] };

export type ApiRouter = (event: ParsedEvent) => Promise<ApiResult>;

export function createRouter(routes: readonly Route[], deps: ApiDeps): ApiRouter {
  const table = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));
  return async (event) => {
    const request = event.parsed;
    if (request === undefined) throw new Error('The parsing middleware did not run');
    const route = table.get(`${request.method} ${request.resource}`);
    if (route === undefined) {
      throw new NotFoundError(`No route ${request.method} ${request.path}`, {
        details: { method: request.method, path: request.path },
      });
    }
    const answer = await serve(route, request, deps);
    return jsonResponse(answer);
  };
}

async function serve(route: Route, request: ParsedRequest, deps: ApiDeps): Promise<ApiAnswer> {
  const routeName = `${route.method} ${route.path}`;
  const deny = async (reason: string, error: Error, keyId?: string): Promise<never> => {
    const status = (error as { status?: number }).status ?? 403;
    await recordDenial(deps, {
      requestId: request.requestId,
      principal: request.principal,
      route: routeName,
      reason,
      status,
      keyId,
    });
    throw error;
  };
  let principal = ANONYMOUS;
  if (route.permission !== undefined) {
    if (request.principal === undefined) {
      await deny('no verified identity', new UnauthorizedError('A valid bearer token is required'));
    }
    principal = request.principal!;
    if (!hasPermission(principal, route.permission)) {
      await deny(
        `role ${principal.roles.join(',') || '(none)'} lacks ${route.permission}`,
        new ForbiddenError(
          `Your roles (${principal.roles.join(', ') || 'none'}) do not allow ${PERMISSION_TEXT[route.permission]} (${route.permission}); ${orList(rolesWith(route.permission))} may`,
          {
            details: { rule: 'role', permission: route.permission },
          },
        ),
        request.pathParameters.keyId,
      );
    }
  }
  const params = route.params ? parseInput(route.params, request.pathParameters, 'path') : undefined;
  const query = route.query ? parseInput(route.query, request.query, 'query') : noQuery(route, request.query);
  const body = parseBody(route, request.body);
  const ifMatch = route.mutation ? parseIfMatch(request.headers['if-match']) : undefined;
  const context = (attempt: RouteContext<unknown, unknown, unknown>['attempt']) =>
    ({ deps, request, principal, params, query, body, ifMatch, attempt, deny }) satisfies RouteContext<
      unknown,
      unknown,
      unknown
    >;
  const key = route.mutation ? request.headers['idempotency-key'] : undefined;
  if (key === undefined) {
    return route.run(context({ values: {}, save: async () => {} }));
  }
  return runIdempotent(deps, request, principal, key, (attempt) => route.run(context(attempt)));
}

/** `a`, `a or b`, `a, b or c`. */
function orList(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? 'no role') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

function parseBody(route: Route, body: unknown): unknown {
  if (route.body === undefined) {
    if (body !== undefined) throw new ValidationError(`${route.method} ${route.path} takes no request body`);
    return undefined;
  }
  if (body === undefined) {
    if (route.bodyRequired) throw new ValidationError('A JSON request body is required');
    return parseInput(route.body, {}, 'body');
  }
  return parseInput(route.body, body, 'body');
}

function noQuery(route: Route, query: Readonly<Record<string, string>>): undefined {
  const names = Object.keys(query);
  if (names.length > 0) {
    throw new ValidationError(
      `${route.method} ${route.path} takes no query parameters: ${names.join(', ').slice(0, 500)}`,
      {
        details: { location: 'query', unknownFields: names.slice(0, 20) },
      },
    );
  }
  return undefined;
}

/** `"3"`, `W/"3"` or `3`; `*` means any version. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) {
    throw new ValidationError('If-Match must be the key version as an entity tag, e.g. "3"', {
      details: { field: 'If-Match' },
    });
  }
  return Number(match[1]);
}
