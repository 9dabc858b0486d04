// KeyService: the KMS operations the control plane needs, one Region at a time, in domain terms.
import type { KeyState, MemberRole } from '../model/member.js';
import type { Tags } from '../model/tags.js';

/** What DescribeKey says about one Region's key. Times are ISO strings. */
export interface KeyDescription {
  readonly keyId: string;
  readonly arn: string;
  /** The Region the key lives in (the Region that was asked). */
  readonly region: string;
  readonly keyState: KeyState;
  readonly enabled: boolean;
  readonly multiRegion: boolean;
  /** PRIMARY or REPLICA for multi-Region keys; undefined for single-Region keys. */
  readonly role?: MemberRole | undefined;
  /** The primary's Region as this key reports it. */
  readonly primaryRegion?: string | undefined;
  /** The replica Regions as this key reports them (KMS order is unspecified: compare as sets). */
  readonly replicaRegions: readonly string[];
  readonly description: string;
  readonly keySpec: string;
  readonly keyUsage: string;
  readonly origin: string;
  readonly currentKeyMaterialId?: string | undefined;
  readonly deletionDate?: string | undefined;
  readonly pendingDeletionWindowInDays?: number | undefined;
  readonly creationDate?: string | undefined;
}

export interface NewKeyRequest {
  readonly description: string;
  /** Policy text as KMS takes it; omitted = the KMS default policy. */
  readonly policy?: string | undefined;
  readonly tags?: Tags | undefined;
  readonly keySpec?: string | undefined;
  readonly keyUsage?: string | undefined;
  readonly origin?: string | undefined;
}

export interface ReplicaRequest {
  readonly description?: string | undefined;
  readonly policy?: string | undefined;
  readonly tags?: Tags | undefined;
}

export interface ReplicateResult {
  readonly replica: KeyDescription;
  /**
   * True when a related key already existed in the Region (ReplicateKey said AlreadyExistsException,
   * typically a retry after a timeout) and was taken over instead of created. Its state may be anything,
   * including pending deletion: the caller decides what an adopted key in that state means.
   */
  readonly adopted: boolean;
}

export interface DeletionResult {
  readonly keyState: KeyState;
  /** Absent for a primary waiting in PendingReplicaDeletion, and when already scheduled. */
  readonly deletionDate?: string | undefined;
  readonly pendingWindowInDays?: number | undefined;
  /** The key was already pending deletion ("is pending deletion."): counted as scheduled. */
  readonly alreadyScheduled: boolean;
}

export interface AliasEntry {
  readonly aliasName: string;
  /** The key id the alias points at (absent for some AWS managed aliases). */
  readonly targetKeyId?: string | undefined;
}

export interface RotationStatus {
  readonly enabled: boolean;
  readonly periodInDays?: number | undefined;
  readonly nextRotationDate?: string | undefined;
  /** Present while an on-demand rotation is in progress. */
  readonly onDemandRotationStartDate?: string | undefined;
}

/**
 * Every call names the Region whose KMS endpoint receives it. Errors are domain errors
 * (src/core/errors.ts) with the AWS error as `cause` and its name in `details.awsError`; transient
 * failures are KmsThrottledError / KmsUnavailableError (src/core/workflows/kms-errors.ts).
 */
export interface KeyService {
  createKey(region: string, request: NewKeyRequest): Promise<KeyDescription>;
  /** Undefined when no such key exists in that Region (KMS lookups are Region-local). */
  describeKey(region: string, keyId: string): Promise<KeyDescription | undefined>;
  /** Called in the primary's Region. AlreadyExistsException adopts the existing replica. */
  replicateKey(
    primaryRegion: string,
    keyId: string,
    replicaRegion: string,
    request?: ReplicaRequest,
  ): Promise<ReplicateResult>;
  /** Called in the current primary's Region; both keys go Updating for a while. */
  updatePrimaryRegion(currentPrimaryRegion: string, keyId: string, newPrimaryRegion: string): Promise<void>;
  /** Already pending deletion counts as scheduled (`alreadyScheduled: true`). */
  scheduleKeyDeletion(region: string, keyId: string, pendingWindowInDays: number): Promise<DeletionResult>;
  /** A key that is not pending deletion is left alone (`alreadyCancelled: true`). */
  cancelKeyDeletion(region: string, keyId: string): Promise<{ readonly alreadyCancelled: boolean }>;
  enableKey(region: string, keyId: string): Promise<void>;
  disableKey(region: string, keyId: string): Promise<void>;
  getKeyPolicy(region: string, keyId: string): Promise<string>;
  putKeyPolicy(region: string, keyId: string, policy: string): Promise<void>;
  updateKeyDescription(region: string, keyId: string, description: string): Promise<void>;
  listResourceTags(region: string, keyId: string): Promise<Tags>;
  tagResource(region: string, keyId: string, tags: Tags): Promise<void>;
  untagResource(region: string, keyId: string, tagKeys: readonly string[]): Promise<void>;
  /** Every alias in the Region, or only those of `keyId`; all pages. */
  listAliases(region: string, keyId?: string): Promise<readonly AliasEntry[]>;
  /** An alias that already points at `keyId` counts as created. */
  createAlias(region: string, aliasName: string, keyId: string): Promise<void>;
  updateAlias(region: string, aliasName: string, keyId: string): Promise<void>;
  /** An alias that does not exist counts as deleted. */
  deleteAlias(region: string, aliasName: string): Promise<void>;
  getKeyRotationStatus(region: string, keyId: string): Promise<RotationStatus>;
  enableKeyRotation(region: string, keyId: string, periodInDays?: number): Promise<void>;
  disableKeyRotation(region: string, keyId: string): Promise<void>;
  rotateKeyOnDemand(region: string, keyId: string): Promise<void>;
  /** Every key id in the Region; all pages. */
  listKeys(region: string): Promise<readonly { readonly keyId: string; readonly arn: string }[]>;
}
