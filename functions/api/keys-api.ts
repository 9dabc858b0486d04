// Lambda KeysApiFunction: the keys routes of the REST API; logic in src/app/api (routes/key-routes.ts).
import { loadApiConfig } from '../../src/app/api/api-config.js';
import type { ApiDeps } from '../../src/app/api/api-deps.js';
import { buildApiDeps } from '../../src/app/api/build-api-deps.js';
import { type ApiHandler, createKeysApiHandler } from '../../src/app/api/create-api-handler.js';

export const createHandler = (deps: ApiDeps): ApiHandler => createKeysApiHandler(deps);

export const handler = createHandler(buildApiDeps(loadApiConfig()));
