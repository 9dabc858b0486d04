// Composition root of the API functions whose requests call AWS (keys, operations, audit): the deps plus a Tracer.
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { ApiConfig } from './api-config.js';
import type { ApiDeps } from './api-deps.js';
import { API_SERVICE_NAME, type ApiDepsOverrides, buildApiDeps } from './build-api-deps.js';

/**
 * The Tracer pulls in the X-Ray SDK (~120 KiB minified), so only the functions where its subsegments pay,
 * those calling DynamoDB, Step Functions and KMS per request, import this module.
 */
export function buildTracedApiDeps(config: ApiConfig, overrides: ApiDepsOverrides = {}): ApiDeps {
  return buildApiDeps(config, { ...overrides, tracer: new Tracer({ serviceName: API_SERVICE_NAME }) });
}
