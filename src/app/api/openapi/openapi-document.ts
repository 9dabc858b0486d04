// The API's OpenAPI document, built on first use from every endpoint (only GET /openapi.json needs it).
import { ALL_ENDPOINTS } from '../endpoints/all-endpoints.js';
import { buildOpenApiDocument } from './build-openapi.js';

let document: Record<string, unknown> | undefined;

/** Built once per container: the endpoints never change while it runs. */
export function openApiDocument(): Record<string, unknown> {
  document ??= buildOpenApiDocument(ALL_ENDPOINTS);
  return document;
}
