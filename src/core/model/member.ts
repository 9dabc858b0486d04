// Member: the last observed KMS state of one Region's key in a set (what DescribeKey and friends said).
import type { Tags } from './tags.js';

export type KeyState =
  | 'Creating'
  | 'Enabled'
  | 'Disabled'
  | 'PendingDeletion'
  | 'PendingImport'
  | 'PendingReplicaDeletion'
  | 'Unavailable'
  | 'Updating';

export type MemberRole = 'PRIMARY' | 'REPLICA';

export interface Member {
  readonly region: string;
  readonly arn: string;
  readonly role: MemberRole;
  readonly keyState: KeyState;
  readonly enabled: boolean;
  /** The primary Region as this member reports it (MultiRegionConfiguration.PrimaryKey.Region). */
  readonly primaryRegion?: string | undefined;
  readonly description: string;
  /** policyHash() of the policy KMS returned. */
  readonly policyHash: string;
  readonly tags: Tags;
  /** Alias names in this Region that point at this key. */
  readonly aliases: readonly string[];
  /**
   * Other alias names seen in this Region and the key id each points at (at least the desired alias
   * names that point elsewhere), so a planner can tell "create" from "retarget".
   */
  readonly aliasTargets?: Readonly<Record<string, string>> | undefined;
  /** Undefined where rotation does not apply (asymmetric, HMAC, EXTERNAL). */
  readonly rotation?: { readonly enabled: boolean; readonly periodInDays?: number | undefined } | undefined;
  readonly currentKeyMaterialId?: string | undefined;
  readonly deletionDate?: string | undefined;
  readonly pendingDeletionWindowInDays?: number | undefined;
  readonly observedAt: string;
}

export const PENDING_DELETION_STATES: ReadonlySet<KeyState> = new Set([
  'PendingDeletion',
  'PendingReplicaDeletion',
]);

export function isPendingDeletion(member: Pick<Member, 'keyState'>): boolean {
  return PENDING_DELETION_STATES.has(member.keyState);
}
