// The KeyMetadata view of a key (KMS-MRK-SPEC section 2.2): which members appear when, exactly.
import { keyArn } from './arn.js';
import type { KmsStore } from './store.js';
import type { KeySpec, RegionalKey, SharedKey } from './types.js';

const SIGNING: Partial<Record<KeySpec, string[]>> = {
  RSA_2048: RSA_SIGNING(),
  RSA_3072: RSA_SIGNING(),
  RSA_4096: RSA_SIGNING(),
  ECC_NIST_P256: ['ECDSA_SHA_256'],
  ECC_NIST_P384: ['ECDSA_SHA_384'],
  ECC_NIST_P521: ['ECDSA_SHA_512'],
  ECC_SECG_P256K1: ['ECDSA_SHA_256'],
};

function RSA_SIGNING(): string[] {
  return [
    'RSASSA_PKCS1_V1_5_SHA_256',
    'RSASSA_PKCS1_V1_5_SHA_384',
    'RSASSA_PKCS1_V1_5_SHA_512',
    'RSASSA_PSS_SHA_256',
    'RSASSA_PSS_SHA_384',
    'RSASSA_PSS_SHA_512',
  ];
}

export function signingAlgorithms(spec: KeySpec): string[] {
  return SIGNING[spec] ?? [];
}

export function encryptionAlgorithms(spec: KeySpec): string[] {
  return spec === 'SYMMETRIC_DEFAULT' ? ['SYMMETRIC_DEFAULT'] : ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];
}

export function macAlgorithms(spec: KeySpec): string[] {
  return [`HMAC_SHA_${spec.slice('HMAC_'.length)}`];
}

/** The material this member can use now: the set's current version, if this member holds it. */
export function currentMaterialId(shared: SharedKey, key: RegionalKey): string | undefined {
  const current = shared.materials.findLast((material) => !material.pending);
  if (!current || key.state === 'Creating' || key.state === 'PendingImport') return undefined;
  if (key.importedMaterialIds && !key.importedMaterialIds.includes(current.id)) return undefined;
  return current.id;
}

function algorithms(shared: SharedKey): Record<string, string[]> {
  switch (shared.keyUsage) {
    case 'ENCRYPT_DECRYPT':
      return { EncryptionAlgorithms: encryptionAlgorithms(shared.keySpec) };
    case 'SIGN_VERIFY':
      return { SigningAlgorithms: signingAlgorithms(shared.keySpec) };
    case 'GENERATE_VERIFY_MAC':
      return { MacAlgorithms: macAlgorithms(shared.keySpec) };
    case 'KEY_AGREEMENT':
      return { KeyAgreementAlgorithms: ['ECDH'] };
  }
}

export function keyMetadata(store: KmsStore, shared: SharedKey, key: RegionalKey): Record<string, unknown> {
  // After DeleteImportedKeyMaterial (or expiry) AWS keeps showing the material id the key last had.
  const materialId =
    shared.keySpec === 'SYMMETRIC_DEFAULT'
      ? (currentMaterialId(shared, key) ?? key.deletedMaterialId)
      : undefined;
  return {
    AWSAccountId: shared.account,
    KeyId: shared.keyId,
    Arn: key.arn,
    CreationDate: key.creationDate / 1000,
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: shared.keyUsage,
    KeyState: key.state,
    ...(key.state === 'PendingDeletion' &&
      key.deletionDate !== undefined && { DeletionDate: key.deletionDate / 1000 }),
    ...(key.state === 'PendingReplicaDeletion' && { PendingDeletionWindowInDays: key.pendingWindowInDays }),
    ...(key.validTo !== undefined &&
      key.expirationModel === 'KEY_MATERIAL_EXPIRES' && { ValidTo: key.validTo / 1000 }),
    Origin: shared.origin,
    ...(shared.origin === 'EXTERNAL' && key.expirationModel && { ExpirationModel: key.expirationModel }),
    KeyManager: shared.keyManager ?? 'CUSTOMER',
    CustomerMasterKeySpec: shared.keySpec,
    KeySpec: shared.keySpec,
    ...algorithms(shared),
    MultiRegion: shared.multiRegion,
    ...(shared.multiRegion && { MultiRegionConfiguration: multiRegionConfiguration(store, shared, key) }),
    ...(materialId && { CurrentKeyMaterialId: materialId }),
  };
}

function multiRegionConfiguration(
  store: KmsStore,
  shared: SharedKey,
  key: RegionalKey,
): Record<string, unknown> {
  const primaryArn = keyArn(shared.partition, shared.primaryRegion, shared.account, shared.keyId);
  const replicas = store
    .membersOf(shared.account, shared.keyId)
    .filter((member) => member.region !== shared.primaryRegion);
  // During UpdatePrimaryRegion both keys may read REPLICA (KMS-MRK-SPEC section 4).
  const isPrimary = key.region === shared.primaryRegion && key.state !== 'Updating';
  return {
    MultiRegionKeyType: isPrimary ? 'PRIMARY' : 'REPLICA',
    PrimaryKey: { Arn: primaryArn, Region: shared.primaryRegion },
    ReplicaKeys: replicas.map((member) => ({ Arn: member.arn, Region: member.region })),
  };
}
