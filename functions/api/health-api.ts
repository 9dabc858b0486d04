// Lambda HealthApiFunction: GET /health and GET /openapi.json (public); logic in src/app/api.
import { loadApiConfig } from '../../src/app/api/api-config.js';
import type { ApiDeps } from '../../src/app/api/api-deps.js';
import type { ApiHandler } from '../../src/app/api/api-handler.js';
import { buildApiDeps } from '../../src/app/api/build-api-deps.js';
import { createHealthApiHandler } from '../../src/app/api/handlers/health-api-handler.js';

export const createHandler = (deps: ApiDeps): ApiHandler => createHealthApiHandler(deps);

// No Tracer: neither route calls AWS, so Lambda's active tracing (the invocation segment) says it all.
export const handler = createHandler(buildApiDeps(loadApiConfig()));
