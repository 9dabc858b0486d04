// HealthApiFunction's handler: liveness and the OpenAPI document (every endpoint's schemas, no route's action).
import type { ApiDeps } from '../api-deps.js';
import { type ApiHandler, createApiHandler } from '../api-handler.js';
import { HEALTH_ROUTES } from '../routes/health-routes.js';
import type { Route } from '../routes/route.js';

export const HEALTH_API_ROUTES: readonly Route[] = HEALTH_ROUTES;

export const createHealthApiHandler = (deps: ApiDeps): ApiHandler =>
  createApiHandler(deps, HEALTH_API_ROUTES);
