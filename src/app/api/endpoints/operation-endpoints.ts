// The operation endpoints: one operation's progress per Region, and a key's operation history.
import * as z from 'zod';
import { keyParams, operationIdSchema, pagingQuery } from '../schemas/common-schemas.js';
import { listOf, operationViewSchema } from '../schemas/view-schemas.js';
import { defineEndpoint } from './endpoint.js';

export const OPERATION_ENDPOINTS = {
  getOperation: defineEndpoint({
    group: 'operations',
    permission: 'keys:read',
    method: 'GET',
    path: '/operations/{operationId}',
    operationId: 'getOperation',
    summary: 'One operation with its progress per Region',
    params: z.strictObject({ operationId: operationIdSchema }),
    success: { status: 200, description: 'The operation', schema: operationViewSchema },
    errors: [400, 404, 429, 503],
  }),
  listKeyOperations: defineEndpoint({
    group: 'operations',
    permission: 'keys:read',
    method: 'GET',
    path: '/keys/{keyId}/operations',
    operationId: 'listKeyOperations',
    summary: 'Operations on one key set, newest first',
    params: keyParams,
    query: z.strictObject(pagingQuery),
    success: { status: 200, description: 'A page of operations', schema: listOf(operationViewSchema) },
    errors: [400, 404, 429, 503],
  }),
};
