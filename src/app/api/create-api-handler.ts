// A middy Lambda handler for one route group: error mapping outermost, then logging context, parsing, the router.
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { ApiEvent, ApiResult, ParsedEvent } from '../http/api-types.js';
import { errorMappingMiddleware } from '../http/error-mapping-middleware.js';
import { loggingContextMiddleware } from '../http/logging-context-middleware.js';
import { requestParsingMiddleware } from '../http/parse-request.js';
import type { ApiDeps } from './api-deps.js';
import { createRouter } from './router.js';
import { ALL_ROUTES, routesOf } from './routes/all-routes.js';
import type { RouteGroup } from './routes/route.js';

export type ApiHandler = (event: ApiEvent, context?: unknown) => Promise<ApiResult>;

/** `group` undefined serves every route (one function for the whole API, e.g. in tests). */
export function createApiHandler(deps: ApiDeps, group?: RouteGroup): ApiHandler {
  const router = createRouter(group === undefined ? ALL_ROUTES : routesOf(group), deps);
  const handler = middy<ParsedEvent, ApiResult>()
    .handler((event: ParsedEvent) => router(event))
    .use(errorMappingMiddleware(deps.telemetry));
  // Tracing sits inside error mapping, so a traced failure is the thrown error, not its 4xx/5xx answer.
  if (deps.telemetry.tracer !== undefined) {
    handler.use(captureLambdaHandler(deps.telemetry.tracer, { captureResponse: false }));
  }
  handler.use(loggingContextMiddleware(deps.telemetry)).use(requestParsingMiddleware());
  return (event, context) => handler(event as ParsedEvent, (context ?? {}) as never);
}

export const createKeysApiHandler = (deps: ApiDeps): ApiHandler => createApiHandler(deps, 'keys');
export const createOperationsApiHandler = (deps: ApiDeps): ApiHandler => createApiHandler(deps, 'operations');
export const createAuditApiHandler = (deps: ApiDeps): ApiHandler => createApiHandler(deps, 'audit');
export const createHealthApiHandler = (deps: ApiDeps): ApiHandler => createApiHandler(deps, 'health');
