// Turns an answer into an API Gateway proxy result: JSON body, content type, no caching of answers.
import type { ApiAnswer, ApiResult } from './api-types.js';

export function jsonResponse(answer: ApiAnswer): ApiResult {
  return {
    statusCode: answer.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...answer.headers,
    },
    body: JSON.stringify(answer.body ?? null),
  };
}

/** The error body every failure uses: `{ error, message, requestId }` (and `details` below 500). */
export function errorBody(
  code: string,
  message: string,
  requestId: string,
  details?: unknown,
): Record<string, unknown> {
  return { error: code, message, requestId, ...(details !== undefined && { details }) };
}
