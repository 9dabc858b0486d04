// Each API function serves its own group's routes and no other; together they bind every endpoint once.
import { describe, expect, it } from 'vitest';
import { type ApiHandler, createApiHandler } from '../../../src/app/api/api-handler.js';
import { ALL_ENDPOINTS } from '../../../src/app/api/endpoints/all-endpoints.js';
import type { RouteGroup } from '../../../src/app/api/endpoints/endpoint.js';
import { AUDIT_API_ROUTES, createAuditApiHandler } from '../../../src/app/api/handlers/audit-api-handler.js';
import {
  createHealthApiHandler,
  HEALTH_API_ROUTES,
} from '../../../src/app/api/handlers/health-api-handler.js';
import { createKeysApiHandler, KEYS_API_ROUTES } from '../../../src/app/api/handlers/keys-api-handler.js';
import {
  createOperationsApiHandler,
  OPERATIONS_API_ROUTES,
} from '../../../src/app/api/handlers/operations-api-handler.js';
import { ALL_ROUTES } from '../../../src/app/api/routes/all-routes.js';
import type { Route } from '../../../src/app/api/routes/route.js';
import { fakeDeps } from './helpers/fake-deps.js';
import { ADMIN, json, sampleEvent } from './helpers/sample-events.js';

const GROUPS: Record<RouteGroup, { routes: readonly Route[]; create: typeof createKeysApiHandler }> = {
  keys: { routes: KEYS_API_ROUTES, create: createKeysApiHandler },
  operations: { routes: OPERATIONS_API_ROUTES, create: createOperationsApiHandler },
  audit: { routes: AUDIT_API_ROUTES, create: createAuditApiHandler },
  health: { routes: HEALTH_API_ROUTES, create: createHealthApiHandler },
};
const signature = (route: { method: string; path: string; operationId: string }) =>
  `${route.method} ${route.path} ${route.operationId}`;
/** events/api holds one sample event per route, named after its operation id in kebab case. */
const eventOf = (route: Route) =>
  sampleEvent(
    route.operationId.replace('OpenApi', 'Openapi').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`),
    { principal: ADMIN },
  );

describe('route groups', () => {
  it.each(Object.entries(GROUPS))('the %s function holds only routes of its group', (group, { routes }) => {
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.filter((route) => route.group !== group).map(signature)).toEqual([]);
  });

  it('binds every endpoint exactly once across the four functions', () => {
    const bound = ALL_ROUTES.map(signature);
    expect(new Set(bound).size).toBe(bound.length);
    expect([...bound].sort()).toEqual(ALL_ENDPOINTS.map(signature).sort());
    for (const route of ALL_ROUTES) {
      const endpoint = ALL_ENDPOINTS.find((candidate) => candidate.operationId === route.operationId)!;
      expect({ ...route, run: undefined }, route.operationId).toEqual({ ...endpoint, run: undefined });
    }
  });

  it.each(Object.entries(GROUPS))(
    'the %s handler answers 404 "No route" to every route of the other groups',
    async (group, { create }) => {
      const handler = create(fakeDeps());
      for (const route of ALL_ROUTES.filter((candidate) => candidate.group !== group)) {
        const result = await handler(eventOf(route));
        expect({ route: route.operationId, status: result.statusCode }).toEqual({
          route: route.operationId,
          status: 404,
        });
        expect(json(result).message).toMatch(/^No route /);
      }
    },
  );

  it.each(Object.entries(GROUPS))('the %s handler routes each of its own routes', async (_group, group) => {
    const handler = group.create(fakeDeps());
    for (const route of group.routes) {
      const result = await handler(eventOf(route));
      // The fakes hold no keys, so a route may well answer 404, but never for want of a route.
      expect(String(json(result).message ?? ''), route.operationId).not.toMatch(/^No route /);
    }
  });

  it('a handler over no routes finds none (the router serves only what it is given)', async () => {
    const handler: ApiHandler = createApiHandler(fakeDeps(), []);
    const result = await handler(sampleEvent('get-health'));
    expect(result.statusCode).toBe(404);
  });
});
