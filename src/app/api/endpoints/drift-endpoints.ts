// The drift remediation endpoints: approve a proposed remediation, set a key set's remediation policy (KeysApiFunction).
import * as z from 'zod';
import { keyIdSchema, operationIdSchema } from '../schemas/common-schemas.js';
import { operationViewSchema } from '../schemas/view-schemas.js';
import { defineEndpoint } from './endpoint.js';

const MUTATION_ERRORS = [400, 404, 409, 413, 415, 422, 429, 503] as const;

export const DRIFT_ENDPOINTS = {
  approveRemediation: defineEndpoint({
    group: 'keys',
    permission: 'keys:write',
    mutation: true,
    method: 'POST',
    path: '/keys/{keyId}/remediations/{remediationId}/approve',
    operationId: 'approveRemediation',
    summary: 'Approve a remediation the drift scan proposed; it runs as proposed, audited as the approver',
    params: z.strictObject({ keyId: keyIdSchema, remediationId: operationIdSchema }),
    success: {
      status: 202,
      description: 'Accepted: the remediation runs; poll GET /operations/{id}',
      schema: z.object({ operation: operationViewSchema }),
    },
    errors: MUTATION_ERRORS,
  }),
  setRemediationPolicy: defineEndpoint({
    group: 'keys',
    permission: 'keys:write',
    mutation: true,
    method: 'POST',
    path: '/keys/{keyId}/remediation-policy',
    operationId: 'setRemediationPolicy',
    summary: "Set the key set's drift remediation policy (report, auto, approve; null: the scan's default)",
    params: z.strictObject({ keyId: keyIdSchema }),
    body: z.strictObject({ policy: z.enum(['report', 'auto', 'approve']).nullable() }),
    success: {
      status: 200,
      description: 'The policy now in force for this key set (null: the default)',
      schema: z.object({ keyId: z.string(), policy: z.enum(['report', 'auto', 'approve']).nullable() }),
    },
    errors: MUTATION_ERRORS,
  }),
};
