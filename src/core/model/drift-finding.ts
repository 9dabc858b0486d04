// DriftFinding: one difference between what a key set should be and what KMS shows (ARCHITECTURE section 4).
import type { JsonValue } from '../json/canonical-json.js';

export type DriftKind =
  | 'MissingReplica'
  | 'UnmanagedReplica'
  | 'PrimaryMoved'
  | 'PropertyDrift'
  | 'SharedPropertyDrift'
  | 'UnexpectedDeletion'
  | 'UnmanagedKey'
  | 'StateDrift';

export type DriftSeverity = 'low' | 'medium' | 'high';

/** What a reconcile workflow would do about a finding; `None` means a person must decide. */
export type DriftRemedy =
  | 'Replicate'
  | 'SyncProperties'
  | 'SyncRotation'
  | 'CancelDeletion'
  | 'RecordPrimary'
  | 'Adopt'
  | 'None';

export interface DriftFinding {
  readonly kind: DriftKind;
  readonly keyId: string;
  readonly region: string;
  /** For PropertyDrift / SharedPropertyDrift: which property (`tags`, `aliases`, `rotation`...). */
  readonly property?: string | undefined;
  readonly expected: JsonValue;
  readonly actual: JsonValue;
  readonly severity: DriftSeverity;
  readonly remediable: boolean;
  readonly remedy: DriftRemedy;
  readonly message: string;
}
