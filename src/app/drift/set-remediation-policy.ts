// A key set's own remediation policy (PUT /keys/{keyId}/remediation-policy), kept in its drift record.
import { type DriftRecord, driftRecordOf, type RemediationPolicy } from '../../core/drift/drift-record.js';
import { NotFoundError, PreconditionFailedError } from '../../core/errors.js';
import type { KeySetRepository } from '../../core/ports/key-set-repository.js';

/**
 * `null` removes the override (the scan's default applies again). The next scan carries the policy
 * forward with its report. A key set never scanned gets a record with an empty `scannedAt` (not scanned yet).
 * With `expectedVersion` (the caller's If-Match), a key set at another version is a PreconditionFailedError
 * (412) and nothing is written, as on every other mutating route; the policy itself bumps no version.
 */
export async function setRemediationPolicy(
  keySets: KeySetRepository,
  keyId: string,
  policy: RemediationPolicy | null,
  expectedVersion?: number,
): Promise<DriftRecord> {
  const keySet = await keySets.get(keyId);
  if (keySet === undefined) throw new NotFoundError(`Key ${keyId} is not managed`, { details: { keyId } });
  if (expectedVersion !== undefined && keySet.version !== expectedVersion) {
    throw new PreconditionFailedError(
      `Key ${keyId} is at version ${keySet.version}, not ${expectedVersion}; read it again and retry`,
      { details: { keyId, expectedVersion, currentVersion: keySet.version } },
    );
  }
  const { policy: _old, ...previous } = driftRecordOf(keySet) ?? {
    status: 'InSync' as const,
    findings: [],
    scannedAt: '',
  };
  const record: DriftRecord = { ...previous, ...(policy !== null && { policy }) };
  await keySets.recordDrift(keyId, record);
  return record;
}
