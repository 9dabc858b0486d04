// How records look on disk: shared keys with their material sealed under the root key; regional keys,
// aliases and the schedule as they are (they hold no secrets). Both the journal and snapshots use this.
import type { KmsState, SharedKey } from '../model/types.js';
import { seal, unseal } from './root-key.js';

/** A shared key as stored: `materials` replaced by one sealed string. */
export type StoredShared = Omit<SharedKey, 'materials'> & { materials: string };

export interface StoredState {
  shared: Record<string, StoredShared>;
  regional: KmsState['regional'];
  aliases: KmsState['aliases'];
  schedule: KmsState['schedule'];
  seq: number;
}

export function encodeShared(key: Buffer, id: string, shared: SharedKey): StoredShared {
  return { ...shared, materials: seal(key, JSON.stringify(shared.materials), id) };
}

export function decodeShared(key: Buffer, id: string, stored: StoredShared): SharedKey {
  return { ...stored, materials: JSON.parse(unseal(key, stored.materials, id)) as SharedKey['materials'] };
}

export function encodeState(key: Buffer, state: KmsState): StoredState {
  const shared: Record<string, StoredShared> = {};
  for (const [id, record] of Object.entries(state.shared)) shared[id] = encodeShared(key, id, record);
  return { ...state, shared };
}

export function decodeState(key: Buffer, stored: StoredState): KmsState {
  const shared: Record<string, SharedKey> = {};
  for (const [id, record] of Object.entries(stored.shared)) shared[id] = decodeShared(key, id, record);
  return {
    shared,
    regional: stored.regional,
    aliases: stored.aliases,
    schedule: stored.schedule,
    seq: stored.seq,
  };
}
