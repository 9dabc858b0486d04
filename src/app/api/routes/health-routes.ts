// The public routes: liveness and the OpenAPI document (the one route that needs every endpoint's schemas).
import { HEALTH_ENDPOINTS as E } from '../endpoints/health-endpoints.js';
import { openApiDocument } from '../openapi/openapi-document.js';
import { bindRoute, type Route } from './route.js';

export const HEALTH_ROUTES: readonly Route[] = [
  bindRoute(E.getHealth, async (context) => ({
    status: 200,
    body: { status: 'ok', time: context.deps.clock.now().toISOString() },
  })),
  bindRoute(E.getOpenApi, async () => ({ status: 200, body: openApiDocument() })),
];
