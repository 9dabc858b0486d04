// The operation x key-state table (KMS-MRK-SPEC section 6.1) in one place, with AWS's messages.
import { errors, type KmsError } from '../protocol/errors.js';
import type { KeyState, RegionalKey } from './types.js';

type Rule =
  | 'ok'
  | 'disabled'
  | 'pendingDeletion'
  | 'notPendingDeletion'
  | 'pendingImport'
  | 'creating'
  | 'updating';

const CRYPTO: Partial<Record<KeyState, Rule>> = {
  Disabled: 'disabled',
  PendingDeletion: 'pendingDeletion',
  PendingReplicaDeletion: 'pendingDeletion',
  PendingImport: 'pendingImport',
  Creating: 'creating',
};
const NOT_PENDING_DELETION: Partial<Record<KeyState, Rule>> = {
  PendingDeletion: 'pendingDeletion',
  PendingReplicaDeletion: 'pendingDeletion',
};
const ENABLE_DISABLE: Partial<Record<KeyState, Rule>> = {
  PendingDeletion: 'pendingDeletion',
  PendingReplicaDeletion: 'pendingDeletion',
  PendingImport: 'pendingImport',
  Creating: 'creating',
  Updating: 'updating',
};
const ROTATION: Partial<Record<KeyState, Rule>> = {
  Disabled: 'disabled',
  PendingDeletion: 'pendingDeletion',
  PendingReplicaDeletion: 'pendingDeletion',
  PendingImport: 'pendingImport',
  Creating: 'creating',
};

/** Which states each operation refuses, and how. Absent operations accept every state. */
const TABLE: Readonly<Record<string, Partial<Record<KeyState, Rule>>>> = {
  Encrypt: CRYPTO,
  Decrypt: CRYPTO,
  ReEncrypt: CRYPTO,
  GenerateDataKey: CRYPTO,
  GenerateDataKeyWithoutPlaintext: CRYPTO,
  GenerateDataKeyPair: CRYPTO,
  GenerateDataKeyPairWithoutPlaintext: CRYPTO,
  Sign: CRYPTO,
  Verify: CRYPTO,
  GenerateMac: CRYPTO,
  VerifyMac: CRYPTO,
  GetPublicKey: CRYPTO,
  CreateGrant: CRYPTO,
  ReplicateKey: { ...CRYPTO, Updating: 'updating' },
  UpdatePrimaryRegion: CRYPTO,
  EnableKey: ENABLE_DISABLE,
  DisableKey: ENABLE_DISABLE,
  EnableKeyRotation: ROTATION,
  DisableKeyRotation: ROTATION,
  RotateKeyOnDemand: ROTATION,
  CreateAlias: NOT_PENDING_DELETION,
  TagResource: NOT_PENDING_DELETION,
  UntagResource: NOT_PENDING_DELETION,
  UpdateKeyDescription: NOT_PENDING_DELETION,
  ScheduleKeyDeletion: { ...NOT_PENDING_DELETION, Updating: 'updating' },
  CancelKeyDeletion: {
    Enabled: 'notPendingDeletion',
    Disabled: 'notPendingDeletion',
    PendingImport: 'notPendingDeletion',
    Creating: 'notPendingDeletion',
    Updating: 'notPendingDeletion',
  },
  GetParametersForImport: { ...NOT_PENDING_DELETION, Creating: 'creating', Updating: 'updating' },
  ImportKeyMaterial: { ...NOT_PENDING_DELETION, Creating: 'creating' },
  DeleteImportedKeyMaterial: { Creating: 'creating', Updating: 'updating' },
};

function stateError(rule: Rule, arn: string): KmsError | undefined {
  switch (rule) {
    case 'ok':
      return undefined;
    case 'disabled':
      return errors.disabled(`${arn} is disabled.`);
    case 'pendingDeletion':
      return errors.invalidState(`${arn} is pending deletion.`);
    case 'notPendingDeletion':
      return errors.invalidState(`${arn} is not pending deletion.`);
    case 'pendingImport':
      return errors.invalidState(`${arn} is pending import.`);
    case 'creating':
      return errors.invalidState(`${arn} is creating.`);
    case 'updating':
      return errors.invalidState(`${arn} is updating.`);
  }
}

/** Throws the error AWS gives when `operation` meets `key` in its current state. */
export function assertKeyState(operation: string, key: RegionalKey): void {
  const rule = TABLE[operation]?.[key.state];
  const error = rule && stateError(rule, key.arn);
  if (error) throw error;
}
