// POST /keys/{keyId}/remediations/{remediationId}/approve and POST /keys/{keyId}/remediation-policy:
// a person approves what the drift scan proposed, or sets the key set's remediation policy.
import { approveRemediation } from '../../drift/approve-remediation.js';
import { DEFAULT_DRIFT_SETTINGS } from '../../drift/drift-deps.js';
import { setRemediationPolicy } from '../../drift/set-remediation-policy.js';
import type { ApiAnswer } from '../../http/api-types.js';
import type { RouteContext } from '../routes/route.js';
import { operationView } from '../views/operation-view.js';
import { loadKeyFor } from './load-key.js';

type ApproveContext = RouteContext<{ keyId: string; remediationId: string }, undefined, undefined>;

/** 202 with the operation now running (the approver is the audit actor of every step); 409 when not waiting. */
export async function approveRemediationAction(context: ApproveContext): Promise<ApiAnswer> {
  const keySet = await loadKeyFor(context, context.params.keyId, 'keys:write');
  const { deps } = context;
  const approved = await approveRemediation(
    {
      ...deps,
      settings: {
        ...DEFAULT_DRIFT_SETTINGS,
        lockLeaseMinutes: Math.ceil(deps.settings.lockLeaseMs / 60_000),
      },
    },
    { keyId: keySet.keyId, remediationId: context.params.remediationId, approver: context.principal.sub },
  );
  return {
    status: 202,
    body: { operation: operationView(approved.operation, approved.executionArn) },
    headers: { location: `/operations/${approved.operation.operationId}` },
  };
}

type PolicyContext = RouteContext<
  { keyId: string },
  undefined,
  { policy: 'report' | 'auto' | 'approve' | null }
>;

export async function setRemediationPolicyAction(context: PolicyContext): Promise<ApiAnswer> {
  const keySet = await loadKeyFor(context, context.params.keyId, 'keys:write');
  const { deps } = context;
  const record = await setRemediationPolicy(deps.keySets, keySet.keyId, context.body.policy, context.ifMatch);
  await deps.audit.append({
    eventId: `policy-${context.request.requestId}`,
    keyId: keySet.keyId,
    writerRegion: deps.writerRegion,
    at: deps.clock.now().toISOString(),
    actor: context.principal.sub,
    action: 'RemediationPolicySet',
    requestId: context.request.requestId,
    result: 'Succeeded',
    details: { policy: context.body.policy },
  });
  return { status: 200, body: { keyId: keySet.keyId, policy: record.policy ?? null } };
}
