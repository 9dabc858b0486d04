import { describe, expect, it } from 'vitest';
import { assertKeyState } from '../../../local/kms/model/key-state.js';
import type { KeyState, RegionalKey } from '../../../local/kms/model/types.js';

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef';
const key = (state: KeyState): RegionalKey => ({
  keyId: 'mrk-0123456789abcdef0123456789abcdef',
  region: 'us-east-1',
  arn: ARN,
  creationDate: 0,
  description: '',
  policy: '{}',
  tags: {},
  state,
  grants: [],
});

function outcome(operation: string, state: KeyState): string {
  try {
    assertKeyState(operation, key(state));
    return 'ok';
  } catch (error) {
    const { type, message } = error as { type: string; message: string };
    return `${type}: ${message.replace(`${ARN} `, '')}`;
  }
}

const STATES: KeyState[] = [
  'Enabled',
  'Disabled',
  'PendingDeletion',
  'PendingReplicaDeletion',
  'PendingImport',
  'Creating',
  'Updating',
];

// KMS-MRK-SPEC section 6.1, one row per operation family, columns in STATES order.
const DISABLED = 'DisabledException: is disabled.';
const PENDING = 'KMSInvalidStateException: is pending deletion.';
const IMPORT = 'KMSInvalidStateException: is pending import.';
const CREATING = 'KMSInvalidStateException: is creating.';
const UPDATING = 'KMSInvalidStateException: is updating.';
const NOT_PENDING = 'KMSInvalidStateException: is not pending deletion.';
const EXTERNAL = 'UnsupportedOperationException: origin is EXTERNAL which is not valid for this operation.';

const TABLE: Record<string, string[]> = {
  CancelKeyDeletion: [NOT_PENDING, NOT_PENDING, 'ok', 'ok', NOT_PENDING, NOT_PENDING, NOT_PENDING],
  CreateAlias: ['ok', 'ok', PENDING, PENDING, 'ok', 'ok', 'ok'],
  CreateGrant: ['ok', DISABLED, PENDING, PENDING, IMPORT, CREATING, 'ok'],
  Encrypt: ['ok', DISABLED, PENDING, PENDING, IMPORT, CREATING, 'ok'],
  Decrypt: ['ok', DISABLED, PENDING, PENDING, IMPORT, CREATING, 'ok'],
  Sign: ['ok', DISABLED, PENDING, PENDING, IMPORT, CREATING, 'ok'],
  DescribeKey: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  RetireGrant: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  DeleteImportedKeyMaterial: ['ok', 'ok', 'ok', 'ok', 'ok', CREATING, UPDATING],
  EnableKey: ['ok', 'ok', PENDING, PENDING, IMPORT, CREATING, UPDATING],
  EnableKeyRotation: ['ok', DISABLED, PENDING, PENDING, EXTERNAL, CREATING, 'ok'],
  GetKeyRotationStatus: ['ok', 'ok', 'ok', 'ok', EXTERNAL, 'ok', 'ok'],
  GetParametersForImport: ['ok', 'ok', PENDING, PENDING, 'ok', CREATING, UPDATING],
  ImportKeyMaterial: ['ok', 'ok', PENDING, PENDING, 'ok', CREATING, 'ok'],
  ReplicateKey: ['ok', DISABLED, PENDING, PENDING, IMPORT, CREATING, UPDATING],
  ScheduleKeyDeletion: ['ok', 'ok', PENDING, PENDING, 'ok', 'ok', UPDATING],
  TagResource: ['ok', 'ok', PENDING, PENDING, 'ok', 'ok', 'ok'],
  UpdatePrimaryRegion: ['ok', DISABLED, PENDING, PENDING, IMPORT, CREATING, UPDATING],
  RotateKeyOnDemand: ['ok', DISABLED, PENDING, PENDING, IMPORT, CREATING, 'ok'],
};

describe('the operation x key-state table', () => {
  for (const [operation, row] of Object.entries(TABLE)) {
    it(`${operation}`, () => {
      expect(STATES.map((state) => outcome(operation, state))).toEqual(row);
    });
  }
});
