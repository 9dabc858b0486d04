// The KeysTable item of a key set: `KEY#<keyId>` / `META`, listed by tenant (GSI1) and fleet-wide (GSI2).
import type { KeySet } from '../../../core/model/key-set.js';
import { type Item, withoutStorageAttributes } from './keys-table.js';

export const KEY_SETS_PARTITION = 'KEYSETS';

export function keySetKey(keyId: string): { PK: string; SK: string } {
  return { PK: `KEY#${keyId}`, SK: 'META' };
}

export function tenantPartition(tenant: string): string {
  return `TENANT#${tenant}`;
}

// GSI2 also serves the fleet-wide list of key sets (partition `KEYSETS`), so the drift scan never
// scans: one partition holds every key set's index entry, fine at control-plane scale (thousands).
export function toKeySetItem(keySet: KeySet): Item {
  return {
    ...keySetKey(keySet.keyId),
    GSI1PK: tenantPartition(keySet.tenant),
    GSI1SK: `KEY#${keySet.keyId}`,
    GSI2PK: KEY_SETS_PARTITION,
    GSI2SK: `KEY#${keySet.keyId}`,
    entity: 'KeySet',
    ...keySet,
  };
}

export function fromKeySetItem(item: Item): KeySet {
  return withoutStorageAttributes(item) as unknown as KeySet;
}
