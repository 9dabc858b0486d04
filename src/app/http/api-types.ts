// The shapes the HTTP layer works with: the API Gateway proxy event, the parsed request, the answer.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { Principal } from '../../core/guardrails/check-guardrails.js';

export type ApiEvent = APIGatewayProxyEvent;
export type ApiResult = APIGatewayProxyResult;

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** What the parsing middleware makes of an event: lowercased headers, decoded query, parsed JSON body. */
export interface ParsedRequest {
  readonly method: string;
  /** The route template as API Gateway matched it (`/keys/{keyId}`). */
  readonly resource: string;
  /** The concrete path (`/keys/mrk-...`). */
  readonly path: string;
  readonly requestId: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** Undefined when the request had no body. */
  readonly body: unknown;
  /** The authorizer's principal; undefined on public routes or when the authorizer passed none. */
  readonly principal: Principal | undefined;
}

/** A handler's answer before it becomes an API Gateway result. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The event as the middlewares pass it on: the raw event plus the parsed request. */
export interface ParsedEvent extends ApiEvent {
  parsed?: ParsedRequest;
}
