// KeySet: one managed MRK set: identity, desired state (independent + shared), last observed members, lock.
import type { PartitionName } from '../identifiers/partitions.js';
import type { DriftFinding } from './drift-finding.js';
import type { Member } from './member.js';
import type { PolicyDocument, Tags } from './tags.js';

export type KeySetStatus = 'Active' | 'Deleting' | 'PendingDeletion' | 'Deleted';

export type KeySpec =
  | 'SYMMETRIC_DEFAULT'
  | 'HMAC_224'
  | 'HMAC_256'
  | 'HMAC_384'
  | 'HMAC_512'
  | 'RSA_2048'
  | 'RSA_3072'
  | 'RSA_4096'
  | 'ECC_NIST_P256'
  | 'ECC_NIST_P384'
  | 'ECC_NIST_P521'
  | 'ECC_SECG_P256K1';

export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT';
export type KeyOrigin = 'AWS_KMS' | 'EXTERNAL';

/** Properties KMS keeps per Region and never synchronises (KMS-MRK-SPEC section 5). */
export interface IndependentProperties {
  readonly description: string;
  readonly policy: PolicyDocument;
  readonly tags: Tags;
  readonly aliases: readonly string[];
  readonly enabled: boolean;
}

/**
 * A per-Region override. Scalars and `aliases` replace the base value; `tags` are merged over the
 * base tags (an override adds or changes tags, it cannot drop a base tag: required tags stay everywhere).
 */
export type RegionOverride = Partial<IndependentProperties>;

export interface RotationSettings {
  readonly enabled: boolean;
  /** 90..2560, KMS default 365; meaningful only when enabled. */
  readonly periodInDays?: number;
}

/** Desired state: independent properties, per-Region overrides, and the shared (primary-held) rotation. */
export interface DesiredState extends IndependentProperties {
  readonly regionOverrides: Readonly<Record<string, RegionOverride>>;
  readonly rotation: RotationSettings;
}

export interface DriftReport {
  readonly status: 'InSync' | 'Drifted';
  readonly findings: readonly DriftFinding[];
  readonly scannedAt: string;
}

export interface KeySet {
  /** The shared `mrk-` key id: the key set's identity. */
  readonly keyId: string;
  readonly tenant: string;
  readonly partition: PartitionName;
  readonly account: string;
  readonly keySpec: KeySpec;
  readonly keyUsage: KeyUsage;
  readonly origin: KeyOrigin;
  readonly primaryRegion: string;
  /** Every desired member Region, the primary's included. */
  readonly regions: readonly string[];
  readonly desired: DesiredState;
  /** Last observed KMS state per Region (written by workflows, never by callers). */
  readonly members: Readonly<Record<string, Member>>;
  readonly status: KeySetStatus;
  /** Optimistic lock on desired state: every accepted change adds one. */
  readonly version: number;
  /** The mutating operation holding the key set, if its lease has not run out. */
  readonly activeOperationId?: string | undefined;
  /** ISO time after which the lock is free again even if never released (a crashed workflow). */
  readonly lockExpiresAt?: string | undefined;
  readonly drift?: DriftReport | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The independent properties wanted in one Region: base desired state with that Region's override applied. */
export function independentPropertiesFor(desired: DesiredState, region: string): IndependentProperties {
  const override = desired.regionOverrides[region] ?? {};
  return {
    description: override.description ?? desired.description,
    policy: override.policy ?? desired.policy,
    tags: { ...desired.tags, ...override.tags },
    aliases: override.aliases ?? desired.aliases,
    enabled: override.enabled ?? desired.enabled,
  };
}

/** True when the lock is held by someone at `now` (an expired lease counts as free). */
export function isLocked(keySet: Pick<KeySet, 'activeOperationId' | 'lockExpiresAt'>, now: Date): boolean {
  if (keySet.activeOperationId === undefined) return false;
  return keySet.lockExpiresAt === undefined || Date.parse(keySet.lockExpiresAt) > now.getTime();
}

/** Symmetric encryption keys from KMS material are the only ones that support automatic rotation. */
export function supportsAutomaticRotation(keySet: Pick<KeySet, 'keySpec' | 'origin'>): boolean {
  return keySet.keySpec === 'SYMMETRIC_DEFAULT' && keySet.origin === 'AWS_KMS';
}
