// GET /keys/{keyId}/drift: the stored drift report, or a live comparison with KMS (?live=true).
import { detectDrift } from '../../../core/drift/detect-drift.js';
import type { ApiAnswer } from '../../http/api-types.js';
import type { RouteContext } from '../routes/route.js';
import type { DriftView } from '../schemas/view-schemas.js';
import { loadKeyFor } from './load-key.js';
import { observeLive } from './read-keys.js';

export async function getDrift(
  context: RouteContext<{ keyId: string }, { live: boolean }, undefined>,
): Promise<ApiAnswer> {
  const keySet = await loadKeyFor(context, context.params.keyId, 'keys:read');
  if (context.query.live) {
    const findings = detectDrift(keySet, await observeLive(context, keySet));
    const view: DriftView = {
      status: findings.length === 0 ? 'InSync' : 'Drifted',
      findings: [...findings],
      scannedAt: context.deps.clock.now().toISOString(),
      live: true,
    };
    return { status: 200, body: view };
  }
  const stored = keySet.drift;
  const view: DriftView =
    stored === undefined
      ? { status: 'Unknown', findings: [], scannedAt: null, live: false }
      : { status: stored.status, findings: [...stored.findings], scannedAt: stored.scannedAt, live: false };
  return { status: 200, body: view };
}
