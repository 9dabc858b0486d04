// Builds the records tests and benches seed: a managed key set and a pending operation on it.
import type { DesiredState, KeySet } from '../../src/core/model/key-set.js';
import type { Operation } from '../../src/core/model/operation.js';
import { defaultKeyPolicy } from '../../src/core/model/tags.js';

export interface KeySetRecordFields {
  readonly keyId: string;
  readonly account: string;
  readonly primaryRegion: string;
  readonly regions: readonly string[];
  /** ISO time for createdAt and updatedAt. */
  readonly now: string;
  /** Default `payments`. */
  readonly tenant?: string;
  /** Fields of the desired state that differ from the defaults below. */
  readonly desired?: Partial<DesiredState>;
  /** Any other top-level field (members, status, version...). */
  readonly overrides?: Partial<KeySet>;
}

/**
 * A symmetric AWS_KMS key set, Active at version 1 with no members recorded: desired state enabled, default
 * key policy, tags `{ team: <tenant> }`, no aliases, rotation off, unless `desired` says otherwise.
 */
export function keySetRecord(fields: KeySetRecordFields): KeySet {
  const tenant = fields.tenant ?? 'payments';
  return {
    keyId: fields.keyId,
    tenant,
    partition: 'aws',
    account: fields.account,
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    primaryRegion: fields.primaryRegion,
    regions: [...fields.regions],
    desired: {
      description: `${tenant} data key`,
      policy: defaultKeyPolicy('aws', fields.account),
      tags: { team: tenant },
      aliases: [],
      enabled: true,
      regionOverrides: {},
      rotation: { enabled: false },
      ...fields.desired,
    },
    members: {},
    status: 'Active',
    version: 1,
    createdAt: fields.now,
    updatedAt: fields.now,
    ...fields.overrides,
  };
}

export type OperationRecordFields = Pick<Operation, 'operationId' | 'type' | 'keyId'> & {
  readonly now: string;
} & Partial<Operation>;

/** A Pending operation with no Region steps yet, by `user-1` for tenant `payments`, unless `fields` say otherwise. */
export function operationRecord(fields: OperationRecordFields): Operation {
  const { now, ...rest } = fields;
  return {
    tenant: 'payments',
    requestedBy: 'user-1',
    status: 'Pending',
    regions: {},
    createdAt: now,
    updatedAt: now,
    ...rest,
  };
}
