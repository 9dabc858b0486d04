// The key model: an MRK set keeps its shared part in one record and each Region's independent
// part in its own (KMS-MRK-SPEC section 5). Plain data only, so the store can be persisted as JSON.

export type KeyState =
  | 'Creating'
  | 'Enabled'
  | 'Disabled'
  | 'PendingDeletion'
  | 'PendingImport'
  | 'PendingReplicaDeletion'
  | 'Unavailable'
  | 'Updating';

export type KeySpec =
  | 'SYMMETRIC_DEFAULT'
  | 'RSA_2048'
  | 'RSA_3072'
  | 'RSA_4096'
  | 'ECC_NIST_P256'
  | 'ECC_NIST_P384'
  | 'ECC_NIST_P521'
  | 'ECC_SECG_P256K1'
  | 'HMAC_224'
  | 'HMAC_256'
  | 'HMAC_384'
  | 'HMAC_512';

export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT';
export type Origin = 'AWS_KMS' | 'EXTERNAL';

/** One version of key material. Symmetric/HMAC: `secret` (base64). Asymmetric: PKCS#8 and SPKI DER (base64). */
export interface MaterialVersion {
  id: string;
  createdAt: number;
  secret?: string;
  privateKey?: string;
  publicKey?: string;
  rotationType?: 'AUTOMATIC' | 'ON_DEMAND';
  /** Imported with ImportType NEW_KEY_MATERIAL, waiting for RotateKeyOnDemand (never used to encrypt). */
  pending?: boolean;
  /** KeyMaterialDescription given at import. */
  description?: string;
}

/** What every member of a set shares: id, material, spec, usage, origin, topology, rotation. */
export interface SharedKey {
  keyId: string;
  account: string;
  partition: string;
  multiRegion: boolean;
  keySpec: KeySpec;
  keyUsage: KeyUsage;
  origin: Origin;
  /** 'AWS' for AWS managed keys (alias/aws/<service>); absent for customer managed keys. */
  keyManager?: 'AWS';
  primaryRegion: string;
  /** Oldest first; the last is current. */
  materials: MaterialVersion[];
  rotation: { enabled: boolean; periodInDays: number; nextRotationAt?: number; onDemandCount: number };
}

export interface Grant {
  grantId: string;
  grantToken: string;
  name?: string;
  granteePrincipal: string;
  retiringPrincipal?: string;
  operations: string[];
  constraints?: Record<string, unknown>;
  creationDate: number;
}

/** One Region's key: the independent properties and the state. */
export interface RegionalKey {
  keyId: string;
  region: string;
  arn: string;
  creationDate: number;
  description: string;
  policy: string;
  tags: Record<string, string>;
  state: KeyState;
  /** The state a transient state (Creating, Updating) returns to when it ends. */
  settledState?: KeyState;
  deletionDate?: number;
  pendingWindowInDays?: number;
  /** Material ids this member holds (EXTERNAL keys import per member). Undefined means all of the set's. */
  importedMaterialIds?: string[];
  validTo?: number;
  /** The material id DescribeKey still shows after DeleteImportedKeyMaterial (AWS keeps CurrentKeyMaterialId). */
  deletedMaterialId?: string;
  expirationModel?: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE';
  grants: Grant[];
}

export interface Alias {
  aliasName: string;
  targetKeyId: string;
  creationDate: number;
  lastUpdatedDate: number;
}

/** Timed transitions (Creating ends, Updating ends, a deletion window expires, ...), run in time order. */
export interface ScheduledEvent {
  at: number;
  seq: number;
  kind: string;
  account: string;
  region: string;
  keyId: string;
  data?: Record<string, unknown>;
}

/** Everything the emulator knows; JSON-serialisable. */
export interface KmsState {
  shared: Record<string, SharedKey>; // `${account}/${keyId}`
  regional: Record<string, RegionalKey>; // `${account}/${region}/${keyId}`
  aliases: Record<string, Alias>; // `${account}/${region}/${aliasName}`
  schedule: ScheduledEvent[];
  seq: number;
}
