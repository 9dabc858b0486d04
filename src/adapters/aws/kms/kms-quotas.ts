// KMS request quotas per account, Region and operation (KMS-MRK-SPEC 12), for client-side rate limits.

/** Requests per second of the KMS management operations (AWS defaults, adjustable per account). */
export const KMS_MANAGEMENT_QUOTAS: Readonly<Record<string, number>> = {
  CancelKeyDeletion: 5,
  CreateAlias: 5,
  CreateGrant: 50,
  CreateKey: 5,
  DeleteAlias: 15,
  DescribeKey: 2000,
  DisableKey: 5,
  DisableKeyRotation: 5,
  EnableKey: 5,
  EnableKeyRotation: 15,
  GetKeyPolicy: 1000,
  GetKeyRotationStatus: 1000,
  GetPublicKey: 2000,
  ListAliases: 500,
  ListGrants: 100,
  ListKeyPolicies: 100,
  ListKeys: 500,
  ListResourceTags: 2000,
  ListRetirableGrants: 100,
  PutKeyPolicy: 15,
  ReplicateKey: 5,
  RetireGrant: 30,
  RevokeGrant: 30,
  ScheduleKeyDeletion: 15,
  TagResource: 10,
  UntagResource: 5,
  UpdateAlias: 5,
  UpdateKeyDescription: 5,
  UpdatePrimaryRegion: 5,
  // AWS publishes none for these; the values of their peers.
  RotateKeyOnDemand: 5,
  ListKeyRotations: 100,
};

/** An operation the table does not name is limited like the slowest management calls. */
export const DEFAULT_KMS_QUOTA = 5;

export function kmsQuotaOf(
  operation: string,
  table: Readonly<Record<string, number>> = KMS_MANAGEMENT_QUOTAS,
): number {
  return table[operation] ?? DEFAULT_KMS_QUOTA;
}
