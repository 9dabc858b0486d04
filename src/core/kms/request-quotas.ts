// KMS's documented request quotas per account and Region (KMS-MRK-SPEC 12): one table for the emulator and the rate limiter.

/**
 * Requests per second of the management operations: AWS defaults, adjustable per account (2023 values;
 * unchanged on the current page).
 */
export const KMS_MANAGEMENT_QUOTAS: Readonly<Record<string, number>> = {
  CancelKeyDeletion: 5,
  CreateAlias: 5,
  CreateGrant: 50,
  CreateKey: 5,
  DeleteAlias: 15,
  DeleteImportedKeyMaterial: 5,
  DescribeKey: 2000,
  DisableKey: 5,
  DisableKeyRotation: 5,
  EnableKey: 5,
  EnableKeyRotation: 15,
  GetKeyPolicy: 1000,
  GetKeyRotationStatus: 1000,
  GetParametersForImport: 0.25,
  GetPublicKey: 2000,
  ImportKeyMaterial: 5,
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
  // UNCONFIRMED: AWS publishes no quota for these newer operations; values chosen to match their peers.
  RotateKeyOnDemand: 5,
  ListKeyRotations: 100,
  GetKeyLastUsage: 100,
};

/** An operation the table does not name is limited like the slowest management calls. */
export const DEFAULT_KMS_QUOTA = 5;

export function kmsQuotaOf(
  operation: string,
  table: Readonly<Record<string, number>> = KMS_MANAGEMENT_QUOTAS,
): number {
  return table[operation] ?? DEFAULT_KMS_QUOTA;
}

/** Operations on a key that share its key type's cryptographic pool (GenerateRandom uses the symmetric one). */
export const KMS_KEY_CRYPTO_OPERATIONS: ReadonlySet<string> = new Set([
  'Encrypt',
  'Decrypt',
  'ReEncrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'Sign',
  'Verify',
  'GenerateMac',
  'VerifyMac',
  'DeriveSharedSecret',
]);

/** GenerateDataKeyPair(WithoutPlaintext) has its own quota per KeyPairSpec, apart from the pools. */
export const KMS_DATA_KEY_PAIR_QUOTAS: Readonly<Record<string, number>> = {
  ECC_NIST_P256: 25,
  ECC_NIST_P384: 10,
  ECC_NIST_P521: 5,
  ECC_SECG_P256K1: 25,
  RSA_2048: 1,
  RSA_3072: 0.5,
  RSA_4096: 0.1,
  SM2: 25,
  // UNCONFIRMED: no published quota for Ed25519 data key pairs; the ECC value.
  ECC_NIST_EDWARDS25519: 25,
};

export type KmsCryptoPool = 'symmetric' | 'RSA' | 'ECC';

const SYMMETRIC_20K = new Set([
  'us-east-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'eu-central-1',
  'eu-west-2',
]);
// UNCONFIRMED: the current top tier for these three Regions (2023: 50,000; likely 100,000 now).
const SYMMETRIC_100K = new Set(['us-east-1', 'us-west-2', 'eu-west-1']);

/** Requests per second of a cryptographic pool in a Region (the symmetric pool depends on the Region). */
export function kmsCryptoPoolQuota(pool: KmsCryptoPool, region: string): number {
  if (pool !== 'symmetric') return 1000;
  return SYMMETRIC_100K.has(region) ? 100_000 : SYMMETRIC_20K.has(region) ? 20_000 : 10_000;
}
