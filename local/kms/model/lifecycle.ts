// Timed transitions of the key model, run by KmsStore.settle() when the emulator's clock passes
// their time. One handler per event kind; each is idempotent against a key that changed meanwhile
// (a cancelled deletion, a disabled rotation): it checks the key still expects it before acting.

import { newMaterial } from '../crypto/material.js';
import { keyArn } from './arn.js';
import { currentMaterialId } from './metadata.js';
import type { EventHandler, KmsStore, SettleEnv } from './store.js';
import type { RegionalKey, SharedKey } from './types.js';

export const REPLICA_CREATED = 'ReplicaCreated';
export const PRIMARY_UPDATED = 'PrimaryUpdated';
export const KEY_DELETION_DUE = 'KeyDeletionDue';
export const ROTATION_DUE = 'RotationDue';
export const MATERIAL_EXPIRED = 'MaterialExpired';

export const DAY_MS = 86_400_000;

/** Starts a key's own deletion window (KMS-MRK-SPEC section 7): PendingDeletion until `from + days`. */
export function startDeletionWindow(
  store: KmsStore,
  account: string,
  key: RegionalKey,
  from: number,
  days: number,
): void {
  key.state = 'PendingDeletion';
  // UNCONFIRMED: AWS examples show DeletionDate at 00:00 UTC; we use exactly `from + N days`.
  key.deletionDate = from + days * DAY_MS;
  delete key.pendingWindowInDays;
  store.schedule({
    at: key.deletionDate,
    kind: KEY_DELETION_DUE,
    account,
    region: key.region,
    keyId: key.keyId,
  });
}

/** Adds a new current material version to the set; every member sees it at once (shared record). */
export function rotateMaterial(
  shared: SharedKey,
  rotationType: 'AUTOMATIC' | 'ON_DEMAND',
  at: number,
  random: (bytes: number) => Buffer,
): string {
  const material = { ...newMaterial(shared.keySpec, at, random), rotationType };
  shared.materials.push(material);
  return material.id;
}

/** (Re)schedules the set's next automatic rotation at `shared.rotation.nextRotationAt`. */
export function scheduleRotation(store: KmsStore, shared: SharedKey): void {
  store.unscheduleKey(ROTATION_DUE, shared.account, shared.keyId);
  if (!shared.rotation.enabled || shared.rotation.nextRotationAt === undefined) return;
  store.schedule({
    at: shared.rotation.nextRotationAt,
    kind: ROTATION_DUE,
    account: shared.account,
    region: shared.primaryRegion,
    keyId: shared.keyId,
  });
}

/** The primary's ARN, where KMS logs SynchronizeMultiRegionKey (KMS-MRK-SPEC section 14). */
export function primaryArn(shared: SharedKey): string {
  return keyArn(shared.partition, shared.primaryRegion, shared.account, shared.keyId);
}

/** True when a multi-Region set has members besides the primary, i.e. there is something to sync. */
export function hasReplicas(store: KmsStore, shared: SharedKey): boolean {
  return shared.multiRegion && store.membersOf(shared.account, shared.keyId).length > 1;
}

function recordSync(env: SettleEnv, shared: SharedKey, time: number): void {
  env.record({
    eventName: 'SynchronizeMultiRegionKey',
    account: shared.account,
    region: shared.primaryRegion,
    time,
    resources: [primaryArn(shared)],
  });
}

function settleTransient(key: RegionalKey | undefined, from: RegionalKey['state']): void {
  if (key?.state !== from) return;
  key.state = key.settledState ?? 'Enabled';
  delete key.settledState;
}

export const lifecycleHandlers: Record<string, EventHandler> = {
  /** ReplicateKey's replica leaves `Creating` (KMS-MRK-SPEC section 3.1): Enabled, or PendingImport for EXTERNAL. */
  [REPLICA_CREATED](store, event) {
    settleTransient(store.regional(event.account, event.region, event.keyId), 'Creating');
  },

  /** UpdatePrimaryRegion ends (section 4): both keys leave `Updating`; shared properties sync from the new primary. */
  [PRIMARY_UPDATED](store, event, env) {
    const from = typeof event.data?.from === 'string' ? event.data.from : undefined;
    for (const region of [from, event.region]) {
      if (region) settleTransient(store.regional(event.account, region, event.keyId), 'Updating');
    }
    const shared = store.shared(event.account, event.keyId);
    if (shared) recordSync(env, shared, event.at);
  },

  /** A deletion window ends (section 7): the key goes, with its aliases; a waiting primary may start its own window. */
  [KEY_DELETION_DUE](store, event, env) {
    const key = store.regional(event.account, event.region, event.keyId);
    const shared = store.shared(event.account, event.keyId);
    if (!key || !shared || key.state !== 'PendingDeletion' || key.deletionDate !== event.at) return;
    const wasReplica = shared.multiRegion && key.region !== shared.primaryRegion;
    store.removeRegional(event.account, event.region, event.keyId);
    env.record({
      eventName: 'DeleteKey',
      account: event.account,
      region: event.region,
      time: event.at,
      resources: [key.arn],
    });
    if (!wasReplica) return;
    recordSync(env, shared, event.at);
    const members = store.membersOf(event.account, event.keyId);
    const primary = members.find((member) => member.region === shared.primaryRegion);
    if (primary?.state === 'PendingReplicaDeletion' && members.length === 1) {
      startDeletionWindow(store, event.account, primary, event.at, primary.pendingWindowInDays ?? 30);
    }
  },

  /** Automatic rotation (section 8): new material on the primary reaches every member; next date moves on. */
  [ROTATION_DUE](store, event, env) {
    const shared = store.shared(event.account, event.keyId);
    if (!shared?.rotation.enabled || shared.rotation.nextRotationAt !== event.at) return;
    const primary = store.regional(event.account, shared.primaryRegion, event.keyId);
    // KMS does not rotate a disabled or pending-deletion key; we skip that period and keep the schedule.
    if (primary && (primary.state === 'Enabled' || primary.state === 'Updating')) {
      const materialId = rotateMaterial(shared, 'AUTOMATIC', event.at, env.random);
      env.record({
        eventName: 'RotateKey',
        account: event.account,
        region: shared.primaryRegion,
        time: event.at,
        resources: [primary.arn],
        responseElements: { keyMaterialId: materialId },
      });
      if (hasReplicas(store, shared)) recordSync(env, shared, event.at);
    }
    shared.rotation.nextRotationAt = event.at + shared.rotation.periodInDays * DAY_MS;
    scheduleRotation(store, shared);
  },

  /** Imported material reaches its ValidTo (section 6): KMS deletes it; the key waits for a new import. */
  [MATERIAL_EXPIRED](store, event, env) {
    const key = store.regional(event.account, event.region, event.keyId);
    if (key?.expirationModel !== 'KEY_MATERIAL_EXPIRES' || key.validTo !== event.at) return;
    const shared = store.shared(event.account, event.keyId);
    clearImportedMaterial(key, shared && currentMaterialId(shared, key));
    env.record({
      eventName: 'DeleteExpiredKeyMaterial',
      account: event.account,
      region: event.region,
      time: event.at,
      resources: [key.arn],
    });
  },
};

/** Drops a member's imported material: Enabled/Disabled keys go to PendingImport, pending deletion stays. */
export function clearImportedMaterial(key: RegionalKey, currentId?: string): void {
  if (currentId !== undefined) key.deletedMaterialId = currentId;
  key.importedMaterialIds = [];
  delete key.validTo;
  delete key.expirationModel;
  if (key.state === 'Enabled' || key.state === 'Disabled') key.state = 'PendingImport';
  else if (key.state === 'Updating') key.settledState = 'PendingImport';
}
