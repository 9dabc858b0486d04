// Every route of the REST API: the four functions' route lists together (tests and the authorization table).
import { AUDIT_API_ROUTES } from '../handlers/audit-api-handler.js';
import { HEALTH_API_ROUTES } from '../handlers/health-api-handler.js';
import { KEYS_API_ROUTES } from '../handlers/keys-api-handler.js';
import { OPERATIONS_API_ROUTES } from '../handlers/operations-api-handler.js';
import type { Route } from './route.js';

export const ALL_ROUTES: readonly Route[] = [
  ...KEYS_API_ROUTES,
  ...OPERATIONS_API_ROUTES,
  ...AUDIT_API_ROUTES,
  ...HEALTH_API_ROUTES,
];
