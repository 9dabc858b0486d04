// Every route of the REST API, by group (one Lambda function per group), and the OpenAPI document of them.
import { buildOpenApiDocument } from '../openapi/build-openapi.js';
import { AUDIT_ROUTES } from './audit-routes.js';
import { DRIFT_ROUTES } from './drift-routes.js';
import { healthRoutes } from './health-routes.js';
import { KEY_ROUTES } from './key-routes.js';
import { OPERATION_ROUTES } from './operation-routes.js';
import type { Route, RouteGroup } from './route.js';

let document: Record<string, unknown> | undefined;

export const ALL_ROUTES: readonly Route[] = [
  ...KEY_ROUTES,
  ...DRIFT_ROUTES,
  ...OPERATION_ROUTES,
  ...AUDIT_ROUTES,
  ...healthRoutes(() => openApiDocument()),
];

/** Built once per container: the routes never change while it runs. */
export function openApiDocument(): Record<string, unknown> {
  document ??= buildOpenApiDocument(ALL_ROUTES);
  return document;
}

export function routesOf(group: RouteGroup): readonly Route[] {
  return ALL_ROUTES.filter((route) => route.group === group);
}
