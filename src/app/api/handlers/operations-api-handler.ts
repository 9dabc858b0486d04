// OperationsApiFunction's handler: the operation routes, nothing of the other groups.
import type { ApiDeps } from '../api-deps.js';
import { type ApiHandler, createApiHandler } from '../api-handler.js';
import { OPERATION_ROUTES } from '../routes/operation-routes.js';
import type { Route } from '../routes/route.js';

export const OPERATIONS_API_ROUTES: readonly Route[] = OPERATION_ROUTES;

export const createOperationsApiHandler = (deps: ApiDeps): ApiHandler =>
  createApiHandler(deps, OPERATIONS_API_ROUTES);
