// The local REST API: routes from template.yaml, API Gateway proxy events, the same handlers and authorizer.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { APIGatewayAuthorizerResult, APIGatewayProxyResult } from 'aws-lambda';
import type { ApiDeps } from '../../src/app/api/api-deps.js';
import type { AuthorizerHandler } from '../../src/app/auth/authorizer.js';
import type { LocalJwtIssuer } from '../auth/local-jwt-issuer.js';
import { apiHandlers, type LambdaLike, localAuthorizer } from './api-handlers.js';
import { localRoutes } from './local-routes.js';
import { createRouteMatcher, type RouteMatch, routesFromTemplate } from './routes-from-template.js';
import { authorizerEvent, proxyEvent, type RequestParts, requestParts } from './to-proxy-event.js';

export const DEFAULT_TEMPLATE_PATH = fileURLToPath(new URL('../../template.yaml', import.meta.url));
/** API Gateway's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface LocalApiGatewayOptions {
  readonly templatePath?: string;
  /** Handlers by function logical id; default: built from `deps`. */
  readonly handlers?: Readonly<Record<string, LambdaLike>>;
  readonly deps?: ApiDeps;
  /** The REQUEST authorizer; default: one trusting `issuer` (needs `deps` for the audit log). */
  readonly authorizer?: AuthorizerHandler;
  /** Enables POST /_local/token and GET /_local/jwks.json (local only, not in the deployed API). */
  readonly issuer?: LocalJwtIssuer;
  /** Listen here when given (0 = a free port); otherwise call listen() yourself. */
  readonly port?: number;
  readonly host?: string;
  /** GET /health answers 503 (naming it) while this finds a problem, e.g. a stand-in behind the API is down. */
  readonly readiness?: () => Promise<string | undefined>;
  readonly log?: (message: string) => void;
}

export function createLocalApiGateway(options: LocalApiGatewayOptions): Server {
  const template = readFileSync(options.templatePath ?? DEFAULT_TEMPLATE_PATH, 'utf8');
  const matcher = createRouteMatcher(routesFromTemplate(template));
  const handlers = options.handlers ?? (options.deps ? apiHandlers(options.deps) : {});
  const authorizer =
    options.authorizer ??
    (options.issuer && options.deps ? localAuthorizer(options.issuer, options.deps) : undefined);
  const log = options.log ?? ((message: string) => console.error(message));
  const local = localRoutes(options.issuer);
  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      log(`local api-gateway: ${(error as Error)?.stack ?? String(error)}`);
      send(response, 500, { error: 'InternalError', message: 'Internal error.', requestId: randomUUID() });
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (body === 'tooLarge')
      return send(response, 413, gatewayError('PayloadTooLarge', 'The request body is too large'));
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://localhost');
    } catch {
      return send(response, 400, gatewayError('ValidationError', 'Malformed request URL'));
    }
    const parts = requestParts(request, url, body);
    if (options.readiness && parts.method === 'GET' && parts.path === '/health') {
      const problem = await options.readiness();
      if (problem !== undefined) {
        return send(response, 503, gatewayError('NotReady', `Not ready: ${problem}`, parts.requestId), {
          'retry-after': '1',
        });
      }
    }
    const localAnswer = await local(parts);
    if (localAnswer !== undefined) return send(response, localAnswer.status, localAnswer.body);
    const match = matcher.match(parts.method, parts.path);
    if (match === undefined || match === 'methodNotAllowed') {
      // Deployed, MISSING_AUTHENTICATION_TOKEN is mapped to this same 404 (template.yaml GatewayResponses).
      return send(response, 404, gatewayError('NotFound', 'No such route', parts.requestId));
    }
    let authorizerContext: Record<string, unknown> | undefined;
    if (!match.route.public) {
      const decision = await authorize(parts, match);
      if ('status' in decision) return send(response, decision.status, decision.body);
      authorizerContext = decision.context;
    }
    const handler = handlers[match.route.functionName];
    if (handler === undefined) {
      return send(
        response,
        502,
        gatewayError('InternalError', `No local handler for ${match.route.functionName}`, parts.requestId),
      );
    }
    const event = proxyEvent(parts, match, authorizerContext);
    let result: APIGatewayProxyResult;
    try {
      result = (await handler(
        event as never,
        lambdaContext(match.route.functionName, parts.requestId) as never,
      )) as APIGatewayProxyResult;
    } catch (error) {
      // A Lambda that throws: API Gateway answers 502 and says nothing more.
      log(
        `local api-gateway: ${match.route.functionName} threw: ${(error as Error)?.stack ?? String(error)}`,
      );
      return send(response, 502, gatewayError('InternalError', 'Internal error.', parts.requestId));
    }
    writeResult(response, result, parts.requestId);
  }

  async function authorize(
    parts: RequestParts,
    match: RouteMatch,
  ): Promise<{ context: Record<string, unknown> } | { status: number; body: unknown }> {
    const unauthorized = {
      status: 401,
      body: gatewayError('Unauthorized', 'A valid bearer token is required', parts.requestId),
    };
    // template.yaml gives the authorizer no identity source, so it runs even without a token.
    if (authorizer === undefined) return unauthorized;
    let result: APIGatewayAuthorizerResult;
    try {
      result = await authorizer(authorizerEvent(parts, match));
    } catch (error) {
      if ((error as Error)?.message === 'Unauthorized') return unauthorized;
      log(`local api-gateway: authorizer failed: ${(error as Error)?.stack ?? String(error)}`);
      return { status: 500, body: gatewayError('InternalError', 'Internal error.', parts.requestId) };
    }
    const allowed = result.policyDocument?.Statement?.some((statement) => statement.Effect === 'Allow');
    if (!allowed) return { status: 403, body: gatewayError('Forbidden', 'Access denied', parts.requestId) };
    return { context: { ...result.context, principalId: result.principalId } };
  }

  if (options.port !== undefined) server.listen(options.port, options.host ?? '127.0.0.1');
  return server;
}

function gatewayError(error: string, message: string, requestId: string = randomUUID()) {
  return { error, message, requestId };
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function writeResult(response: ServerResponse, result: APIGatewayProxyResult, requestId: string): void {
  if (
    typeof result?.statusCode !== 'number' ||
    (result.body !== undefined && typeof result.body !== 'string')
  ) {
    send(response, 502, gatewayError('InternalError', 'Malformed Lambda proxy response', requestId));
    return;
  }
  const body = result.isBase64Encoded
    ? Buffer.from(result.body ?? '', 'base64')
    : Buffer.from(result.body ?? '', 'utf8');
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  headers['content-length'] = String(body.length);
  response.writeHead(result.statusCode, headers);
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string | null | 'tooLarge'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'tooLarge';
    chunks.push(chunk as Buffer);
  }
  return size === 0 ? null : Buffer.concat(chunks).toString('utf8');
}

function lambdaContext(functionName: string, requestId: string) {
  return {
    awsRequestId: requestId,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
  };
}
