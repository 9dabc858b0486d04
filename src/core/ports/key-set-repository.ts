// KeySetRepository: desired and observed state of key sets, with optimistic versions and the per-key lock.
import type { DesiredState, DriftReport, KeySet, KeySetStatus } from '../model/key-set.js';
import type { Member } from '../model/member.js';
import type { Page, PageRequest } from './page.js';

/** The fields a desired-state change may set; the version is bumped by the repository. */
export interface KeySetChanges {
  readonly desired?: DesiredState;
  readonly regions?: readonly string[];
  readonly primaryRegion?: string;
  readonly status?: KeySetStatus;
}

/** The repository's Clock decides "now" for leases, so every writer compares against the same source. */
export interface LockRequest {
  readonly operationId: string;
  /** How long the lock holds without renewal; a crashed workflow's lock frees itself after this. */
  readonly leaseMs: number;
}

export interface KeySetRepository {
  /** The key set, or undefined. */
  get(keyId: string): Promise<KeySet | undefined>;

  /** Stores a new key set at version 1. ConflictError if the key id is already managed. */
  create(keySet: KeySet): Promise<KeySet>;

  /**
   * Applies `changes` if the stored version is `expectedVersion`, and returns the key set at the next
   * version. With `lock`, takes the per-key lock in the same single write (or renews it for the
   * same operation). PreconditionFailedError when the version is stale; ConflictError (details:
   * activeOperationId, lockExpiresAt) when another operation holds an unexpired lock; NotFoundError.
   */
  update(
    keyId: string,
    expectedVersion: number,
    changes: KeySetChanges,
    options?: { readonly lock?: LockRequest },
  ): Promise<KeySet>;

  /**
   * Takes the lock for `operationId` (idempotent for the holder, and renews its lease). ConflictError
   * naming the holder when another operation's lease is still running; NotFoundError.
   */
  acquireLock(keyId: string, lock: LockRequest): Promise<KeySet>;

  /** Frees the lock if `operationId` holds it; returns false (and changes nothing) otherwise. */
  releaseLock(keyId: string, operationId: string): Promise<boolean>;

  /**
   * Records what KMS showed in some Regions (workflows only). Does not bump the version: observed
   * state is not something a caller's If-Match is about. `removeRegions` forgets deleted members.
   */
  recordMembers(
    keyId: string,
    members: readonly Member[],
    options?: { readonly removeRegions?: readonly string[] },
  ): Promise<void>;

  /** Stores the latest drift report (no version bump). */
  recordDrift(keyId: string, drift: DriftReport): Promise<void>;

  /** Key sets of one tenant, in key id order. */
  listByTenant(tenant: string, page?: PageRequest): Promise<Page<KeySet>>;

  /** Every managed key set, in key id order (the drift scan's input). */
  listAll(page?: PageRequest): Promise<Page<KeySet>>;
}
