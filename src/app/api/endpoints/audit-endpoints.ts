// The audit endpoints: one key's trail and the fleet-wide view of a day, each with hash-chain verification.
import * as z from 'zod';
import { booleanQuery, keyParams, pagingQuery, regionSchema } from '../schemas/common-schemas.js';
import { auditListSchema } from '../schemas/view-schemas.js';
import { defineEndpoint } from './endpoint.js';

const verify = booleanQuery.default(false);

export const AUDIT_ENDPOINTS = {
  getKeyAudit: defineEndpoint({
    group: 'audit',
    permission: 'audit:read',
    method: 'GET',
    path: '/keys/{keyId}/audit',
    operationId: 'getKeyAudit',
    summary: "One key's audit trail (?verify=true checks its hash chains)",
    params: keyParams,
    query: z.strictObject({ verify, ...pagingQuery }),
    success: { status: 200, description: 'A page of audit events', schema: auditListSchema },
    errors: [400, 404, 429, 503],
  }),
  getFleetAudit: defineEndpoint({
    group: 'audit',
    permission: 'audit:fleet',
    method: 'GET',
    path: '/audit',
    operationId: 'getFleetAudit',
    summary:
      'Audit events of one UTC day (?day=, default today) or a time range (?from=&to=, at most 31 days), filtered by ?actor= and ?region=; ?verify=true checks every chain they touch',
    query: z.strictObject({
      day: z.iso.date().optional(),
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
      actor: z.string().min(1).max(256).optional(),
      region: regionSchema.optional(),
      verify,
      ...pagingQuery,
    }),
    success: { status: 200, description: 'A page of audit events', schema: auditListSchema },
    errors: [400, 429, 503],
  }),
};
