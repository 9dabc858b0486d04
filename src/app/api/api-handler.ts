// A middy Lambda handler over a list of routes: error mapping outermost, then tracing, logging context, parsing, the router.
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { ApiEvent, ApiResult, ParsedEvent } from '../http/api-types.js';
import { errorMappingMiddleware } from '../http/error-mapping-middleware.js';
import { loggingContextMiddleware } from '../http/logging-context-middleware.js';
import { requestParsingMiddleware } from '../http/parse-request.js';
import type { ApiDeps } from './api-deps.js';
import { createRouter } from './router.js';
import type { Route } from './routes/route.js';

export type ApiHandler = (event: ApiEvent, context?: unknown) => Promise<ApiResult>;

/** Each function passes only its own group's routes (handlers/), so its bundle holds no other group's code. */
export function createApiHandler(deps: ApiDeps, routes: readonly Route[]): ApiHandler {
  const router = createRouter(routes, deps);
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
