// KeysApiFunction's handler: the key and drift remediation routes, nothing of the other groups.
import type { ApiDeps } from '../api-deps.js';
import { type ApiHandler, createApiHandler } from '../api-handler.js';
import { DRIFT_ROUTES } from '../routes/drift-routes.js';
import { KEY_ROUTES } from '../routes/key-routes.js';
import type { Route } from '../routes/route.js';

export const KEYS_API_ROUTES: readonly Route[] = [...KEY_ROUTES, ...DRIFT_ROUTES];

export const createKeysApiHandler = (deps: ApiDeps): ApiHandler => createApiHandler(deps, KEYS_API_ROUTES);
