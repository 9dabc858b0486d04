// Lambda OperationsApiFunction: the operations routes of the REST API; logic in src/app/api (routes/operation-routes.ts).
import { loadApiConfig } from '../../src/app/api/api-config.js';
import type { ApiDeps } from '../../src/app/api/api-deps.js';
import { buildApiDeps } from '../../src/app/api/build-api-deps.js';
import { type ApiHandler, createOperationsApiHandler } from '../../src/app/api/create-api-handler.js';

export const createHandler = (deps: ApiDeps): ApiHandler => createOperationsApiHandler(deps);

export const handler = createHandler(buildApiDeps(loadApiConfig()));
