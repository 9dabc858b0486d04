// The public routes: liveness and the OpenAPI document (no token needed).
import { healthSchema, openApiDocumentSchema } from '../schemas/view-schemas.js';
import { defineRoute, type Route } from './route.js';

export function healthRoutes(openApiDocument: () => Record<string, unknown>): readonly Route[] {
  return [
    defineRoute({
      group: 'health',
      method: 'GET',
      path: '/health',
      operationId: 'getHealth',
      summary: 'Liveness',
      success: { status: 200, description: 'The API answers', schema: healthSchema },
      errors: [400],
      run: async (context) => ({
        status: 200,
        body: { status: 'ok', time: context.deps.clock.now().toISOString() },
      }),
    }),
    defineRoute({
      group: 'health',
      method: 'GET',
      path: '/openapi.json',
      operationId: 'getOpenApi',
      summary: 'This API as an OpenAPI 3.1 document',
      success: { status: 200, description: 'The OpenAPI document', schema: openApiDocumentSchema },
      errors: [400],
      run: async () => ({ status: 200, body: openApiDocument() }),
    }),
  ];
}
