// Drift of one key set read from KMS now (GET /keys/{keyId}/drift?live=true): every member, also
// replicas made out of band (the primary names them), compared with the desired state. Nothing stored.
import { detectDrift } from '../../core/drift/detect-drift.js';
import { DependencyError } from '../../core/errors.js';
import type { DriftFinding } from '../../core/model/drift-finding.js';
import type { KeySet } from '../../core/model/key-set.js';
import type { KeyService } from '../../core/ports/key-service.js';
import { observeKeySet } from './observe-key-set.js';

export async function liveDrift(
  kms: KeyService,
  keySet: KeySet,
  now: Date,
): Promise<{ status: 'InSync' | 'Drifted'; findings: DriftFinding[] }> {
  const observed = await observeKeySet(kms, keySet, { indexes: new Map(), unreachable: new Set() }, now);
  if (!observed.complete) {
    throw new DependencyError(`KMS did not answer in ${observed.unreachable.join(', ')}; retry later`, {
      details: { regions: [...observed.unreachable] },
    });
  }
  const findings = [...detectDrift(keySet, observed.members)];
  return { status: findings.length === 0 ? 'InSync' : 'Drifted', findings };
}
