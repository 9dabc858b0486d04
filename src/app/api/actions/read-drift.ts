// GET /keys/{keyId}/drift: the last check's report (findings, remediation, out-of-band KMS changes), or a
// live comparison with KMS (?live=true) that also finds replicas made out of band and is stored as the last check.
import { type DriftRecord, driftRecordOf } from '../../../core/drift/drift-record.js';
import { liveDrift } from '../../drift/live-drift.js';
import type { ApiAnswer } from '../../http/api-types.js';
import type { RouteContext } from '../routes/route.js';
import type { DriftView } from '../schemas/view-schemas.js';
import { loadKeyFor } from './load-key.js';

export async function getDrift(
  context: RouteContext<{ keyId: string }, { live: boolean }, undefined>,
): Promise<ApiAnswer> {
  const keySet = await loadKeyFor(context, context.params.keyId, 'keys:read');
  const now = context.deps.clock.now();
  const stored = driftRecordOf(keySet);
  const extras = {
    ...(stored?.policy !== undefined && { policy: stored.policy }),
    ...(stored?.remediation !== undefined && {
      remediation: {
        operationId: stored.remediation.operationId,
        status: stored.remediation.status,
        kinds: [...stored.remediation.kinds],
        summary: stored.remediation.summary,
        createdAt: stored.remediation.createdAt,
      },
    }),
    ...(stored?.outOfBand !== undefined && { outOfBand: stored.outOfBand.map((change) => ({ ...change })) }),
    ...(stored?.reconciledAt !== undefined && { reconciledAt: stored.reconciledAt }),
  };
  if (context.query.live) {
    const live = await liveDrift(context.deps.kms, keySet, now);
    // The stored report is the last check, whichever started it: a scan or this request. The policy,
    // remediation and out-of-band changes of the record are the scan's and are kept as they are.
    const { scanId: _scanId, ...kept } = stored ?? {};
    const record: DriftRecord = {
      ...kept,
      status: live.status,
      findings: live.findings,
      scannedAt: now.toISOString(),
    };
    await context.deps.keySets.recordDrift(keySet.keyId, record);
    const view: DriftView = { ...live, scannedAt: now.toISOString(), live: true, ...extras };
    return { status: 200, body: view };
  }
  // A record written only to hold a policy has no scan yet.
  const view: DriftView =
    stored === undefined || stored.scannedAt === ''
      ? { status: 'Unknown', findings: [], scannedAt: null, live: false, ...extras }
      : {
          status: stored.status,
          findings: [...stored.findings],
          scannedAt: stored.scannedAt,
          live: false,
          ...extras,
        };
  return { status: 200, body: view };
}
