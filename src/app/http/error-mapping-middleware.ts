// Outermost middleware: any error becomes `{ error, message, requestId }`; only errors below 500 say why.
import type middy from '@middy/core';
import { publicError } from '../../core/errors.js';
import type { ApiResult, ParsedEvent } from './api-types.js';
import { errorBody, jsonResponse } from './json-response.js';
import { type ApiTelemetry, outcomeOf } from './telemetry.js';

export type ApiMiddyRequest = middy.Request<ParsedEvent, ApiResult, Error>;

export function requestIdOf(request: Pick<ApiMiddyRequest, 'event' | 'context'>): string {
  return (
    request.event?.parsed?.requestId ??
    request.event?.requestContext?.requestId ??
    request.context?.awsRequestId ??
    'unknown'
  );
}

/** The route name for logs and metrics: `GET /keys/{keyId}`, or `unrouted`. */
export function operationOf(event: ParsedEvent | undefined): string {
  const method = typeof event?.httpMethod === 'string' ? event.httpMethod : '';
  const resource = typeof event?.resource === 'string' ? event.resource : '';
  return method && resource ? `${method} ${resource}` : 'unrouted';
}

export function errorMappingMiddleware(telemetry: ApiTelemetry): middy.MiddlewareObj<ParsedEvent, ApiResult> {
  return {
    onError: async (request) => {
      const error = request.error;
      const answer = publicError(error);
      const requestId = requestIdOf(request);
      if (answer.status >= 500) {
        // Logged in full (stack and cause) for us; the caller sees the fixed message only.
        telemetry.logger.error('Request failed', { error, status: answer.status, code: answer.code });
      } else {
        telemetry.logger.info('Request refused', {
          status: answer.status,
          code: answer.code,
          reason: answer.message,
        });
      }
      telemetry.recordRequest(operationOf(request.event), outcomeOf(answer.status), answer.status);
      request.response = jsonResponse({
        status: answer.status,
        body: errorBody(
          answer.code,
          answer.message,
          requestId,
          answer.status < 500 ? answer.details : undefined,
        ),
        headers: answer.status === 429 ? { 'retry-after': '1' } : {},
      });
    },
  };
}
