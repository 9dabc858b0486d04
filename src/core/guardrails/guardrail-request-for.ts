// Builds the GuardrailRequest of a key set as it stands (or would stand after a change).
import type { KeySet } from '../model/key-set.js';
import { independentPropertiesFor } from '../model/key-set.js';
import type { GuardrailAction, GuardrailRequest } from './check-guardrails.js';

export function guardrailRequestFor(
  keySet: Pick<KeySet, 'tenant' | 'primaryRegion' | 'regions' | 'keySpec' | 'origin' | 'desired'>,
  action: GuardrailAction,
  pendingWindowInDays?: number,
): GuardrailRequest {
  return {
    action,
    tenant: keySet.tenant,
    primaryRegion: keySet.primaryRegion,
    regions: keySet.regions,
    keySpec: keySet.keySpec,
    origin: keySet.origin,
    tagsByRegion: Object.fromEntries(
      keySet.regions.map((region) => [region, independentPropertiesFor(keySet.desired, region).tags]),
    ),
    rotation: keySet.desired.rotation,
    pendingWindowInDays,
  };
}
