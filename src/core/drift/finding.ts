// Builds a DriftFinding; `remediable` follows from the remedy so the two cannot disagree.
import type { DriftFinding } from '../model/drift-finding.js';

export function finding(
  keySet: { readonly keyId: string },
  region: string,
  kind: DriftFinding['kind'],
  rest: Omit<DriftFinding, 'kind' | 'keyId' | 'region' | 'remediable'>,
): DriftFinding {
  return { kind, keyId: keySet.keyId, region, ...rest, remediable: rest.remedy !== 'None' };
}
