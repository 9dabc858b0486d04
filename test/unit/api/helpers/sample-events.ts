// Loads the sample events of events/api and adapts them per test case (principal, body, path, headers).
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Principal } from '../../../../src/core/guardrails/check-guardrails.js';

const EVENTS = new URL('../../../../events/api/', import.meta.url);

export interface EventChanges {
  /** null: no authorizer context at all (as on a public route). */
  principal?: Principal | null;
  body?: unknown;
  rawBody?: string | null;
  pathParameters?: Record<string, string> | null;
  query?: Record<string, string> | null;
  headers?: Record<string, string>;
  path?: string;
  requestId?: string;
}

export function sampleEvent(name: string, changes: EventChanges = {}): APIGatewayProxyEvent {
  const event = JSON.parse(readFileSync(new URL(`${name}.json`, EVENTS), 'utf8')) as APIGatewayProxyEvent;
  if (changes.principal !== undefined) {
    const context = { ...event.requestContext } as Record<string, unknown>;
    if (changes.principal === null) delete context.authorizer;
    else {
      context.authorizer = {
        principalId: changes.principal.sub,
        sub: changes.principal.sub,
        tenants: JSON.stringify(changes.principal.tenants),
        roles: JSON.stringify(changes.principal.roles),
      };
    }
    event.requestContext = context as unknown as APIGatewayProxyEvent['requestContext'];
  }
  if (changes.body !== undefined) event.body = JSON.stringify(changes.body);
  if (changes.rawBody !== undefined) event.body = changes.rawBody;
  if (changes.pathParameters !== undefined) event.pathParameters = changes.pathParameters;
  if (changes.query !== undefined) {
    event.queryStringParameters = changes.query;
    event.multiValueQueryStringParameters =
      changes.query === null
        ? null
        : Object.fromEntries(Object.entries(changes.query).map(([k, v]) => [k, [v]]));
  }
  if (changes.headers !== undefined) event.headers = { ...event.headers, ...changes.headers };
  if (changes.path !== undefined) event.path = changes.path;
  if (changes.requestId !== undefined) event.requestContext.requestId = changes.requestId;
  return event;
}

/** Points a key-scoped sample event at another key id. */
export function forKey(name: string, keyId: string, changes: EventChanges = {}): APIGatewayProxyEvent {
  const base = sampleEvent(name);
  const pathParameters = { ...base.pathParameters, keyId, ...changes.pathParameters };
  const path = base.path.replace(/mrk-[0-9a-f]{32}/, keyId);
  return sampleEvent(name, { path, ...changes, pathParameters });
}

export const ADMIN: Principal = { sub: 'root', tenants: [], roles: ['admin'] };
export const OPERATOR: Principal = { sub: 'alice', tenants: ['payments'], roles: ['operator'] };
export const VIEWER: Principal = { sub: 'victor', tenants: ['payments'], roles: ['viewer'] };
export const AUDITOR: Principal = { sub: 'audrey', tenants: [], roles: ['auditor'] };
export const OTHER_OPERATOR: Principal = { sub: 'oscar', tenants: ['search'], roles: ['operator'] };

export function json(result: { body: string }): Record<string, unknown> {
  return JSON.parse(result.body) as Record<string, unknown>;
}
