// Lambda KeysApiFunction: the key and drift remediation routes of the REST API; logic in src/app/api.
import { loadApiConfig } from '../../src/app/api/api-config.js';
import type { ApiDeps } from '../../src/app/api/api-deps.js';
import type { ApiHandler } from '../../src/app/api/api-handler.js';
import { buildTracedApiDeps } from '../../src/app/api/build-traced-api-deps.js';
import { createKeysApiHandler } from '../../src/app/api/handlers/keys-api-handler.js';

export const createHandler = (deps: ApiDeps): ApiHandler => createKeysApiHandler(deps);

export const handler = createHandler(buildTracedApiDeps(loadApiConfig()));
