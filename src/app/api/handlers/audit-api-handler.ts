// AuditApiFunction's handler: the audit routes, nothing of the other groups.
import type { ApiDeps } from '../api-deps.js';
import { type ApiHandler, createApiHandler } from '../api-handler.js';
import { AUDIT_ROUTES } from '../routes/audit-routes.js';
import type { Route } from '../routes/route.js';

export const AUDIT_API_ROUTES: readonly Route[] = AUDIT_ROUTES;

export const createAuditApiHandler = (deps: ApiDeps): ApiHandler => createApiHandler(deps, AUDIT_API_ROUTES);
