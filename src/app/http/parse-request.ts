// Parsing middleware: headers lowercased, query decoded, JSON body parsed with size and type checks.
import type middy from '@middy/core';
import { ValidationError } from '../../core/errors.js';
import type { Principal } from '../../core/guardrails/check-guardrails.js';
import { checkJsonText, type JsonTextProblem, MAX_JSON_DEPTH } from '../../core/json/check-json-text.js';
import { principalFromAuthorizer } from '../auth/principal-from-authorizer.js';
import type { ApiResult, ParsedEvent, ParsedRequest } from './api-types.js';
import { requestIdOf } from './error-mapping-middleware.js';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from './http-errors.js';

export const MAX_BODY_BYTES = 256 * 1024;

export function requestParsingMiddleware(): middy.MiddlewareObj<ParsedEvent, ApiResult> {
  return {
    before: async (request) => {
      request.event.parsed = parseRequest(request.event, requestIdOf(request));
    },
  };
}

export function parseRequest(event: ParsedEvent, requestId: string): ParsedRequest {
  const headers = lowerCaseHeaders(event.headers);
  const authorizer = event.requestContext?.authorizer;
  let principal: Principal | undefined;
  if (authorizer !== undefined && authorizer !== null) {
    try {
      principal = principalFromAuthorizer(authorizer);
    } catch {
      principal = undefined;
    }
  }
  return {
    method: String(event.httpMethod ?? '').toUpperCase(),
    resource: String(event.resource ?? ''),
    path: String(event.path ?? ''),
    requestId,
    headers,
    pathParameters: stringRecord(event.pathParameters),
    query: queryOf(event),
    body: bodyOf(event, headers),
    principal,
  };
}

// Names of headers, query and path parameters are the caller's data: they are kept in null-prototype records,
// so `constructor`, `toString` or `__proto__` is an entry like any other, never an Object.prototype member.
function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(stringRecord(headers))) out[name.toLowerCase()] = value;
  return out;
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') out[key] = item;
  return out;
}

function queryOf(event: ParsedEvent): Record<string, string> {
  const multi = event.multiValueQueryStringParameters;
  if (typeof multi === 'object' && multi !== null) {
    for (const [name, values] of Object.entries(multi)) {
      if (Array.isArray(values) && values.length > 1) {
        throw new ValidationError(`Query parameter ${name} is given ${values.length} times; give it once`, {
          details: { field: name },
        });
      }
    }
  }
  return stringRecord(event.queryStringParameters);
}

function bodyOf(event: ParsedEvent, headers: Record<string, string>): unknown {
  const raw = event.body;
  if (raw === null || raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new ValidationError('The request body must be JSON text');
  const text = event.isBase64Encoded === true ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`The request body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  const type = headers['content-type'];
  if (type !== undefined && !/^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(type.trim())) {
    throw new UnsupportedMediaTypeError(`Content-Type must be application/json, not ${type.slice(0, 100)}`);
  }
  // Before JSON.parse: what it would silently accept (a repeated property, the last one winning) or hand on
  // to code that recurses (deep nesting) is refused here, in one linear pass that cannot overflow the stack.
  const problem = checkJsonText(text, MAX_JSON_DEPTH);
  if (problem !== undefined) throw jsonTextError(problem);
  try {
    return JSON.parse(text, refuseUnrepresentable) as unknown;
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** An unpaired UTF-16 surrogate: `"\ud800"` is valid JSON text but no Unicode string (KMS, DynamoDB). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * JSON.parse reviver (the depth is already bounded): a number beyond the double range (`1e999` parses to
 * Infinity, which no JSON writer can write back) and a string or name that is not well-formed Unicode are 400s.
 */
function refuseUnrepresentable(key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new ValidationError(
      `The request body has a number out of range (at ${key.slice(0, 100) || '(root)'})`,
      {
        details: { location: 'body', rule: 'numberRange' },
      },
    );
  }
  if (LONE_SURROGATE.test(key) || (typeof value === 'string' && LONE_SURROGATE.test(value))) {
    throw new ValidationError(
      'The request body has a string that is not well-formed Unicode (a lone surrogate)',
      {
        details: { location: 'body', rule: 'unicode' },
      },
    );
  }
  return value;
}

function jsonTextError(problem: JsonTextProblem): ValidationError {
  const details = { location: 'body', path: problem.path, rule: problem.kind };
  switch (problem.kind) {
    case 'tooDeep':
      return new ValidationError(
        `The request body nests objects and arrays deeper than ${problem.limit} levels (at ${problem.path})`,
        { details: { ...details, limit: problem.limit } },
      );
    case 'duplicate':
      return new ValidationError(
        `The request body gives the property ${JSON.stringify(problem.name.slice(0, 100))} twice in one object (at ${problem.path}); give each property once`,
        { details },
      );
    case 'reservedName':
      return new ValidationError(
        `The request body uses the property name "__proto__" (at ${problem.path}), which is not accepted`,
        { details },
      );
  }
}
