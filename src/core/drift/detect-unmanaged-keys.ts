// UnmanagedKey findings: MRKs the fleet scan saw in KMS that no managed key set claims.
import { isMrkKeyId } from '../identifiers/key-id.js';
import type { DriftFinding } from '../model/drift-finding.js';
import { finding } from './finding.js';

export interface ObservedKey {
  readonly keyId: string;
  readonly region: string;
  readonly arn: string;
  readonly role?: 'PRIMARY' | 'REPLICA' | undefined;
}

/**
 * One finding per unmanaged multi-Region key and Region (single-Region keys are out of scope).
 * The remedy is Adopt: `POST /keys/adopt` brings the set under management.
 */
export function detectUnmanagedKeys(
  managedKeyIds: ReadonlySet<string>,
  observedKeys: readonly ObservedKey[],
): readonly DriftFinding[] {
  return observedKeys
    .filter((key) => isMrkKeyId(key.keyId) && !managedKeyIds.has(key.keyId))
    .map((key) =>
      finding(key, key.region, 'UnmanagedKey', {
        expected: null,
        actual: key.arn,
        severity: 'low',
        remedy: 'Adopt',
        message: `The multi-Region key ${key.keyId} in ${key.region} is not managed by the control plane`,
      }),
    )
    .sort((a, b) => (`${a.keyId}#${a.region}` < `${b.keyId}#${b.region}` ? -1 : 1));
}
