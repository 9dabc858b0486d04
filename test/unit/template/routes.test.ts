// The REST routes of template.yaml are the router's routes: same methods and paths, served by the function
// of the route's group, public exactly where the router needs no permission.
import { describe, expect, it } from 'vitest';
import { ALL_ROUTES } from '../../../src/app/api/routes/all-routes.js';
import { apiEvents, functions } from './template-model.js';

const events = apiEvents();
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

describe('API routes', () => {
  it('every router route is in the template, and every template route is served by the router', () => {
    expect(events.map((event) => key(event.method, event.path)).sort()).toEqual(
      ALL_ROUTES.map((route) => key(route.method, route.path)).sort(),
    );
  });

  it('each route is declared once, on the Api resource', () => {
    const keys = events.map((event) => key(event.method, event.path));
    expect(new Set(keys).size).toBe(keys.length);
    expect(events.filter((event) => event.restApiId !== 'Api').map((event) => event.eventName)).toEqual([]);
  });

  it.each(ALL_ROUTES.map((route) => [key(route.method, route.path), route] as const))(
    '%s is served by the function of its group and is public only if it needs no permission',
    (routeKey, route) => {
      const event = events.find((candidate) => key(candidate.method, candidate.path) === routeKey);
      expect(event, `${routeKey} is not in template.yaml`).toBeDefined();
      const fn = functions.find((candidate) => candidate.logicalId === event!.functionId);
      expect(fn?.entryPoint).toBe(`functions/api/${route.group}-api.ts`);
      expect(event!.public).toBe(route.permission === undefined);
    },
  );
});
