// Logging context: every log line of a request carries its request id, route and principal.
import type middy from '@middy/core';
import type { ApiResult, ParsedEvent } from './api-types.js';
import { operationOf, requestIdOf } from './error-mapping-middleware.js';
import { type ApiTelemetry, outcomeOf } from './telemetry.js';

export function loggingContextMiddleware(
  telemetry: ApiTelemetry,
): middy.MiddlewareObj<ParsedEvent, ApiResult> {
  return {
    before: async (request) => {
      // The logger outlives the request in a warm container: start every request from a clean slate.
      telemetry.logger.resetKeys();
      const authorizer = request.event?.requestContext?.authorizer;
      const sub = typeof authorizer?.sub === 'string' ? authorizer.sub : undefined;
      telemetry.logger.appendKeys({
        requestId: requestIdOf(request),
        route: operationOf(request.event),
        ...(sub !== undefined && { principal: sub }),
      });
    },
    after: async (request) => {
      const status = request.response?.statusCode ?? 200;
      telemetry.logger.info('Request served', { status });
      telemetry.recordRequest(operationOf(request.event), outcomeOf(status), status);
    },
  };
}
