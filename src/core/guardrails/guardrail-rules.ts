// Guardrails as data: what a deployment allows, checked at the API and again by the drift scan.
import type { PartitionName } from '../identifiers/partitions.js';
import type { KeySpec } from '../model/key-set.js';

export type GuardrailRule =
  | 'tenantAccess'
  | 'allowedPartitions'
  | 'allowedRegions'
  | 'tenantResidency'
  | 'allowedKeySpecs'
  | 'requiredTags'
  | 'minimumDeletionWindow'
  | 'maximumReplicas'
  | 'rotationRequired';

export interface GuardrailRules {
  readonly allowedPartitions: readonly PartitionName[];
  readonly allowedRegions: readonly string[];
  /** Per tenant, the only Regions its keys may live in (data residency). Tenants not listed: no limit. */
  readonly tenantResidency: Readonly<Record<string, readonly string[]>>;
  readonly allowedKeySpecs: readonly KeySpec[];
  /** Tag keys every member must carry (after per-Region overrides). */
  readonly requiredTags: readonly string[];
  /** Smallest pendingWindowInDays a deletion may use (KMS allows 7..30). */
  readonly minimumDeletionWindowDays: number;
  /** Most replicas a set may have (the primary not counted). */
  readonly maximumReplicas: number;
  /** Symmetric keys with KMS-made material must have automatic rotation on. */
  readonly rotationRequiredForSymmetric: boolean;
  /** A principal holding `role` is exempt from the listed rules (break-glass, platform automation). */
  readonly exemptions?: readonly { readonly role: string; readonly rules: readonly GuardrailRule[] }[];
}

/** Permissive defaults for tests and the local stack; deployments load their own rules. */
export const DEFAULT_GUARDRAIL_RULES: GuardrailRules = {
  allowedPartitions: ['aws'],
  allowedRegions: ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'],
  tenantResidency: {},
  allowedKeySpecs: [
    'SYMMETRIC_DEFAULT',
    'HMAC_256',
    'RSA_2048',
    'RSA_4096',
    'ECC_NIST_P256',
    'ECC_NIST_P384',
  ],
  requiredTags: [],
  minimumDeletionWindowDays: 7,
  maximumReplicas: 10,
  rotationRequiredForSymmetric: false,
};
