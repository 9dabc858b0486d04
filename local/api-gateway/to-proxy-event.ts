// Builds the API Gateway REST proxy event (and the REQUEST authorizer event) from a Node HTTP request.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { RouteMatch } from './routes-from-template.js';

export const LOCAL_ACCOUNT = '123456789012';
const API_ID = 'local';
const STAGE = 'local';

export interface RequestParts {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly multiValueHeaders: Record<string, string[]>;
  readonly query: Record<string, string> | null;
  readonly multiValueQuery: Record<string, string[]> | null;
  readonly body: string | null;
  readonly requestId: string;
  readonly sourceIp: string;
}

/**
 * Header and query names are the caller's data: they become keys of null-prototype objects, so a name like
 * `constructor`, `toString` or `__proto__` is one more entry, never an `Object.prototype` member.
 */
export function requestParts(request: IncomingMessage, url: URL, body: string | null): RequestParts {
  const headers = dataRecord<string>();
  const multiValueHeaders = dataRecord<string[]>();
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index]!;
    const value = raw[index + 1]!;
    headers[name] = value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  const query = dataRecord<string>();
  const multiValueQuery = dataRecord<string[]>();
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    multiValueQuery[name] = [...(multiValueQuery[name] ?? []), value];
  }
  const hasQuery = Object.keys(query).length > 0;
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    headers,
    multiValueHeaders,
    query: hasQuery ? query : null,
    multiValueQuery: hasQuery ? multiValueQuery : null,
    body,
    requestId: randomUUID(),
    sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
  };
}

/** A record without a prototype: every name, `__proto__` included, is an own entry. */
export function dataRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function authorizerEvent(parts: RequestParts, match: RouteMatch): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: `arn:aws:execute-api:us-east-1:${LOCAL_ACCOUNT}:${API_ID}/${STAGE}/${parts.method}${match.route.path}`,
    resource: match.route.path,
    path: parts.path,
    httpMethod: parts.method,
    headers: parts.headers,
    multiValueHeaders: parts.multiValueHeaders,
    pathParameters: match.pathParameters,
    queryStringParameters: parts.query,
    multiValueQueryStringParameters: parts.multiValueQuery,
    stageVariables: null,
    requestContext: requestContext(parts, match, undefined),
  } as APIGatewayRequestAuthorizerEvent;
}

export function proxyEvent(
  parts: RequestParts,
  match: RouteMatch,
  authorizer: Record<string, unknown> | undefined,
): APIGatewayProxyEvent {
  return {
    resource: match.route.path,
    path: parts.path,
    httpMethod: parts.method,
    headers: parts.headers,
    multiValueHeaders: parts.multiValueHeaders,
    queryStringParameters: parts.query,
    multiValueQueryStringParameters: parts.multiValueQuery,
    pathParameters: Object.keys(match.pathParameters).length > 0 ? match.pathParameters : null,
    stageVariables: null,
    requestContext: requestContext(parts, match, authorizer),
    body: parts.body,
    isBase64Encoded: false,
  };
}

function requestContext(
  parts: RequestParts,
  match: RouteMatch,
  authorizer: Record<string, unknown> | undefined,
): APIGatewayProxyEvent['requestContext'] {
  return {
    accountId: LOCAL_ACCOUNT,
    apiId: API_ID,
    stage: STAGE,
    protocol: 'HTTP/1.1',
    requestId: parts.requestId,
    requestTimeEpoch: Date.now(),
    httpMethod: parts.method,
    resourcePath: match.route.path,
    path: `/${STAGE}${parts.path}`,
    resourceId: 'local',
    identity: {
      sourceIp: parts.sourceIp,
      userAgent: parts.headers['User-Agent'] ?? parts.headers['user-agent'] ?? null,
    },
    ...(authorizer !== undefined && { authorizer }),
  } as unknown as APIGatewayProxyEvent['requestContext'];
}
