// Lambda AuditApiFunction: the audit routes of the REST API; logic in src/app/api.
import { loadApiConfig } from '../../src/app/api/api-config.js';
import type { ApiDeps } from '../../src/app/api/api-deps.js';
import type { ApiHandler } from '../../src/app/api/api-handler.js';
import { buildTracedApiDeps } from '../../src/app/api/build-traced-api-deps.js';
import { createAuditApiHandler } from '../../src/app/api/handlers/audit-api-handler.js';

export const createHandler = (deps: ApiDeps): ApiHandler => createAuditApiHandler(deps);

export const handler = createHandler(buildTracedApiDeps(loadApiConfig()));
