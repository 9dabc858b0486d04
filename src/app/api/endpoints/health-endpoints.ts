// The public endpoints: liveness and the OpenAPI document (no token needed).
import { healthSchema, openApiDocumentSchema } from '../schemas/view-schemas.js';
import { defineEndpoint } from './endpoint.js';

export const HEALTH_ENDPOINTS = {
  getHealth: defineEndpoint({
    group: 'health',
    method: 'GET',
    path: '/health',
    operationId: 'getHealth',
    summary: 'Liveness (locally also readiness: 503 names a stand-in that does not answer)',
    success: { status: 200, description: 'The API answers', schema: healthSchema },
    errors: [400, 503],
  }),
  getOpenApi: defineEndpoint({
    group: 'health',
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This API as an OpenAPI 3.1 document',
    success: { status: 200, description: 'The OpenAPI document', schema: openApiDocumentSchema },
    errors: [400],
  }),
};
