// A key set's own remediation policy (PUT /keys/{keyId}/remediation-policy), kept in its drift record.
import { type DriftRecord, driftRecordOf, type RemediationPolicy } from '../../core/drift/drift-record.js';
import { NotFoundError } from '../../core/errors.js';
import type { KeySetRepository } from '../../core/ports/key-set-repository.js';

/**
 * `null` removes the override (the scan's default applies again). The next scan carries the policy
 * forward with its report. A key set never scanned gets a record with an empty `scannedAt` (not scanned yet).
 */
export async function setRemediationPolicy(
  keySets: KeySetRepository,
  keyId: string,
  policy: RemediationPolicy | null,
): Promise<DriftRecord> {
  const keySet = await keySets.get(keyId);
  if (keySet === undefined) throw new NotFoundError(`Key ${keyId} is not managed`, { details: { keyId } });
  const { policy: _old, ...previous } = driftRecordOf(keySet) ?? {
    status: 'InSync' as const,
    findings: [],
    scannedAt: '',
  };
  const record: DriftRecord = { ...previous, ...(policy !== null && { policy }) };
  await keySets.recordDrift(keyId, record);
  return record;
}
