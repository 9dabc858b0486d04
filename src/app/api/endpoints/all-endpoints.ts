// Every endpoint of the REST API, in the order the OpenAPI document lists them. No actions: see endpoint.ts.
import { AUDIT_ENDPOINTS } from './audit-endpoints.js';
import { DRIFT_ENDPOINTS } from './drift-endpoints.js';
import type { Endpoint } from './endpoint.js';
import { HEALTH_ENDPOINTS } from './health-endpoints.js';
import { KEY_ENDPOINTS } from './key-endpoints.js';
import { OPERATION_ENDPOINTS } from './operation-endpoints.js';

export const ALL_ENDPOINTS: readonly Endpoint[] = [
  ...Object.values(KEY_ENDPOINTS),
  ...Object.values(DRIFT_ENDPOINTS),
  ...Object.values(OPERATION_ENDPOINTS),
  ...Object.values(AUDIT_ENDPOINTS),
  ...Object.values(HEALTH_ENDPOINTS),
];
