// The stored drift record of a key set: the last scan's report plus what the scan decided to do about it.
import type { DriftKind } from '../model/drift-finding.js';
import type { DriftReport, KeySet } from '../model/key-set.js';
import type { OutOfBandChange } from './reconcile-kms-events.js';

/**
 * What the scan may do about a key set's drift. `report`: only record it. `auto`: start the safe
 * remedies itself (sync properties, replicate, cancel an unrequested deletion, record a moved
 * primary) and leave the rest for approval. `approve`: every remedy waits for a person.
 */
export type RemediationPolicy = 'report' | 'auto' | 'approve';

export const REMEDIATION_POLICIES: readonly RemediationPolicy[] = ['report', 'auto', 'approve'];

export type RemediationStatus = 'AwaitingApproval' | 'Started' | 'Skipped';

/** The remediation the last scan started or proposed (an Operation of type Reconcile holds the rest). */
export interface RemediationRef {
  readonly operationId: string;
  readonly status: RemediationStatus;
  /** The plan's signature: the same drift proposes the same remediation again instead of a new one. */
  readonly signature: string;
  readonly kinds: readonly DriftKind[];
  readonly summary: string;
  readonly createdAt: string;
}

/**
 * Stored in the key set's `drift` attribute (a DriftReport with more fields, so readers that know
 * only DriftReport keep working).
 */
export interface DriftRecord extends DriftReport {
  /** Per key set override of the scan's default policy; carried from record to record. */
  readonly policy?: RemediationPolicy | undefined;
  readonly scanId?: string | undefined;
  readonly remediation?: RemediationRef | undefined;
  /** KMS changes to this key the control plane did not make, seen by the last reconciliation. */
  readonly outOfBand?: readonly OutOfBandChange[] | undefined;
  readonly reconciledAt?: string | undefined;
}

/** The key set's stored drift record, if any. */
export function driftRecordOf(keySet: Pick<KeySet, 'drift'>): DriftRecord | undefined {
  return keySet.drift as DriftRecord | undefined;
}

export function isRemediationPolicy(value: unknown): value is RemediationPolicy {
  return typeof value === 'string' && (REMEDIATION_POLICIES as readonly string[]).includes(value);
}

/** The policy in force for a key set: its own override, else the scan's default. */
export function policyFor(keySet: Pick<KeySet, 'drift'>, fallback: RemediationPolicy): RemediationPolicy {
  const own = driftRecordOf(keySet)?.policy;
  return isRemediationPolicy(own) ? own : fallback;
}
