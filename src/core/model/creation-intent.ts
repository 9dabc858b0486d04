// KeyCreationIntent: a key set about to be created, recorded before the first KMS call.
import type { PartitionName } from '../identifiers/partitions.js';
import type { DesiredState, KeyOrigin, KeySpec, KeyUsage } from './key-set.js';

/**
 * KMS CreateKey has no client token, so the control plane records what it is about to create first,
 * and marks the key it creates with the operation id (CREATED_BY_OPERATION_TAG). A retry, or the sweep
 * of stale intents, finds that key again instead of creating a second one: no key the control plane
 * creates is ever unknown to the table.
 */
export interface KeyCreationIntent {
  readonly operationId: string;
  readonly requestedBy: string;
  readonly requestId: string;
  /** Everything needed to finish the create without the original request. */
  readonly draft: KeySetDraft;
  /** The KMS key, once CreateKey answered. */
  readonly keyId?: string | undefined;
  readonly createdAt: string;
}

/** The key set as the request decides it, before KMS names the key. */
export interface KeySetDraft {
  readonly tenant: string;
  readonly partition: PartitionName;
  readonly keySpec: KeySpec;
  readonly keyUsage: KeyUsage;
  readonly origin: KeyOrigin;
  readonly primaryRegion: string;
  /** Every member Region, the primary's first. */
  readonly regions: readonly string[];
  readonly desired: DesiredState;
  /** No policy was asked for: the account's default key policy, known once KMS names the account. */
  readonly defaultPolicy: boolean;
}
