// Timed transitions of the key model, run by KmsStore.settle() when the emulator's clock passes
// their time. One handler per event kind; each is idempotent against a key that changed meanwhile.
import type { EventHandler } from './store.js';

export const REPLICA_CREATED = 'ReplicaCreated';

export const lifecycleHandlers: Record<string, EventHandler> = {
  /** ReplicateKey's replica leaves `Creating` (KMS-MRK-SPEC section 3.1): Enabled, or PendingImport for EXTERNAL. */
  [REPLICA_CREATED](store, event) {
    const key = store.regional(event.account, event.region, event.keyId);
    if (key?.state !== 'Creating') return;
    key.state = key.settledState ?? 'Enabled';
    delete key.settledState;
  },
};
