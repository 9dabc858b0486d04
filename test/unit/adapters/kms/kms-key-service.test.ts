// KmsKeyService against a mocked KMS client: request shapes, adopt/idempotency rules, pagination.
import {
  AlreadyExistsException,
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  KMSClient,
  KMSInvalidStateException,
  ListAliasesCommand,
  ListResourceTagsCommand,
  NotFoundException,
  ReplicateKeyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KmsClientPool } from '../../../../src/adapters/aws/kms/kms-client-pool.js';
import { KmsKeyService } from '../../../../src/adapters/aws/kms/kms-key-service.js';
import { ConflictError } from '../../../../src/core/errors.js';

const KEY_ID = 'mrk-1234abcd12ab34cd56ef1234567890ab';
const arn = (region: string) => `arn:aws:kms:${region}:111122223333:key/${KEY_ID}`;
const metadata = (region: string, overrides: Record<string, unknown> = {}) => ({
  KeyId: KEY_ID,
  Arn: arn(region),
  KeyState: 'Enabled' as const,
  Enabled: true,
  MultiRegion: true,
  Description: 'd',
  KeySpec: 'SYMMETRIC_DEFAULT' as const,
  KeyUsage: 'ENCRYPT_DECRYPT' as const,
  Origin: 'AWS_KMS' as const,
  MultiRegionConfiguration: {
    MultiRegionKeyType: region === 'us-east-1' ? ('PRIMARY' as const) : ('REPLICA' as const),
    PrimaryKey: { Arn: arn('us-east-1'), Region: 'us-east-1' },
    ReplicaKeys: [{ Arn: arn('eu-west-1'), Region: 'eu-west-1' }],
  },
  ...overrides,
});
const meta = { $metadata: {} };

const kms = mockClient(KMSClient);
let pool: KmsClientPool;
let service: KmsKeyService;

/** The Region of the client that sent the n-th call of a command. */
async function regionOfCall(command: Parameters<typeof kms.commandCalls>[0], index = 0): Promise<string> {
  const call = kms.commandCalls(command)[index];
  if (call === undefined) throw new Error('no such call');
  return (call.thisValue as KMSClient).config.region();
}

beforeEach(() => {
  kms.reset();
  pool = new KmsClientPool({
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  service = new KmsKeyService(pool);
});
afterEach(() => pool.destroy());

describe('KmsClientPool', () => {
  it('creates one client per Region and reuses it', async () => {
    const first = pool.client('eu-west-1');
    expect(pool.client('eu-west-1')).toBe(first);
    expect(pool.client('us-east-1')).not.toBe(first);
    expect(pool.regions().sort()).toEqual(['eu-west-1', 'us-east-1']);
    await expect(first.config.region()).resolves.toBe('eu-west-1');
    const endpoint = await first.config.endpoint?.();
    expect(endpoint?.hostname).toBe('127.0.0.1');
  });
});

describe('describeKey', () => {
  it('maps KeyMetadata to the domain description', async () => {
    kms
      .on(DescribeKeyCommand)
      .resolves({ ...meta, KeyMetadata: metadata('eu-west-1', { CurrentKeyMaterialId: 'ab' }) });
    const description = await service.describeKey('eu-west-1', KEY_ID);
    expect(description).toMatchObject({
      keyId: KEY_ID,
      arn: arn('eu-west-1'),
      region: 'eu-west-1',
      keyState: 'Enabled',
      role: 'REPLICA',
      primaryRegion: 'us-east-1',
      replicaRegions: ['eu-west-1'],
      currentKeyMaterialId: 'ab',
    });
    expect(await regionOfCall(DescribeKeyCommand)).toBe('eu-west-1');
  });

  it('returns undefined when the Region has no such key', async () => {
    kms
      .on(DescribeKeyCommand)
      .rejects(
        new NotFoundException({ message: `Key '${arn('ap-south-1')}' does not exist`, $metadata: {} }),
      );
    await expect(service.describeKey('ap-south-1', KEY_ID)).resolves.toBeUndefined();
  });

  it('reports a malformed identifier as a ValidationError, not as absent', async () => {
    kms
      .on(DescribeKeyCommand)
      .rejects(new NotFoundException({ message: "Invalid keyId 'nope'", $metadata: {} }));
    await expect(service.describeKey('us-east-1', 'nope')).rejects.toMatchObject({ name: 'ValidationError' });
  });
});

describe('replicateKey', () => {
  it('calls ReplicateKey in the primary Region with the replica properties', async () => {
    kms.on(ReplicateKeyCommand).resolves({
      ...meta,
      ReplicaKeyMetadata: metadata('eu-west-1', { KeyState: 'Creating', Enabled: false }),
    });
    const result = await service.replicateKey('us-east-1', KEY_ID, 'eu-west-1', {
      description: 'x',
      tags: { team: 'a' },
    });
    expect(result.adopted).toBe(false);
    expect(result.replica.keyState).toBe('Creating');
    expect(await regionOfCall(ReplicateKeyCommand)).toBe('us-east-1');
    expect(kms.commandCalls(ReplicateKeyCommand)[0]?.args[0].input).toEqual({
      KeyId: KEY_ID,
      ReplicaRegion: 'eu-west-1',
      Description: 'x',
      Policy: undefined,
      Tags: [{ TagKey: 'team', TagValue: 'a' }],
    });
  });

  it('adopts the existing replica on AlreadyExistsException', async () => {
    kms.on(ReplicateKeyCommand).rejects(new AlreadyExistsException({ message: 'exists', $metadata: {} }));
    kms.on(DescribeKeyCommand).resolves({ ...meta, KeyMetadata: metadata('eu-west-1') });
    const result = await service.replicateKey('us-east-1', KEY_ID, 'eu-west-1');
    expect(result).toMatchObject({ adopted: true, replica: { region: 'eu-west-1', keyState: 'Enabled' } });
    expect(await regionOfCall(DescribeKeyCommand)).toBe('eu-west-1');
  });

  it('is a ConflictError when AlreadyExists names no key in the Region', async () => {
    kms.on(ReplicateKeyCommand).rejects(new AlreadyExistsException({ message: 'exists', $metadata: {} }));
    kms
      .on(DescribeKeyCommand)
      .rejects(new NotFoundException({ message: 'Key x does not exist', $metadata: {} }));
    const error = await service
      .replicateKey('us-east-1', KEY_ID, 'us-east-1')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).cause).toBeInstanceOf(AlreadyExistsException);
  });
});

describe('scheduleKeyDeletion and cancelKeyDeletion', () => {
  it('returns the new state and deletion date', async () => {
    kms.on(ScheduleKeyDeletionCommand).resolves({
      ...meta,
      KeyId: arn('eu-west-1'),
      KeyState: 'PendingDeletion',
      DeletionDate: new Date('2026-01-08T00:00:00Z'),
      PendingWindowInDays: 7,
    });
    await expect(service.scheduleKeyDeletion('eu-west-1', KEY_ID, 7)).resolves.toEqual({
      keyState: 'PendingDeletion',
      deletionDate: '2026-01-08T00:00:00.000Z',
      pendingWindowInDays: 7,
      alreadyScheduled: false,
    });
  });

  it('counts "is pending deletion" as already scheduled', async () => {
    kms
      .on(ScheduleKeyDeletionCommand)
      .rejects(
        new KMSInvalidStateException({ message: `${arn('us-east-1')} is pending deletion.`, $metadata: {} }),
      );
    kms.on(DescribeKeyCommand).resolves({
      ...meta,
      KeyMetadata: metadata('us-east-1', {
        KeyState: 'PendingReplicaDeletion',
        Enabled: false,
        PendingDeletionWindowInDays: 7,
      }),
    });
    await expect(service.scheduleKeyDeletion('us-east-1', KEY_ID, 7)).resolves.toEqual({
      keyState: 'PendingReplicaDeletion',
      deletionDate: undefined,
      pendingWindowInDays: 7,
      alreadyScheduled: true,
    });
  });

  it('keeps other invalid states as a ConflictError', async () => {
    kms
      .on(ScheduleKeyDeletionCommand)
      .rejects(new KMSInvalidStateException({ message: `${arn('us-east-1')} is updating.`, $metadata: {} }));
    await expect(service.scheduleKeyDeletion('us-east-1', KEY_ID, 7)).rejects.toBeInstanceOf(ConflictError);
  });

  it('treats a key that is not pending deletion as already cancelled', async () => {
    kms
      .on(CancelKeyDeletionCommand)
      .rejectsOnce(
        new KMSInvalidStateException({
          message: `${arn('eu-west-1')} is not pending deletion.`,
          $metadata: {},
        }),
      )
      .resolves({ ...meta, KeyId: arn('eu-west-1') });
    await expect(service.cancelKeyDeletion('eu-west-1', KEY_ID)).resolves.toEqual({ alreadyCancelled: true });
    await expect(service.cancelKeyDeletion('eu-west-1', KEY_ID)).resolves.toEqual({
      alreadyCancelled: false,
    });
  });
});

describe('aliases and tags', () => {
  it('reads every page of tags', async () => {
    kms
      .on(ListResourceTagsCommand)
      .resolvesOnce({ ...meta, Tags: [{ TagKey: 'a', TagValue: '1' }], Truncated: true, NextMarker: 'm1' })
      .resolvesOnce({ ...meta, Tags: [{ TagKey: 'b', TagValue: '2' }], Truncated: false });
    await expect(service.listResourceTags('us-east-1', KEY_ID)).resolves.toEqual({ a: '1', b: '2' });
    expect(kms.commandCalls(ListResourceTagsCommand)[1]?.args[0].input.Marker).toBe('m1');
  });

  it('counts an alias that already points at the key as created, and refuses one on another key', async () => {
    kms.on(CreateAliasCommand).rejects(new AlreadyExistsException({ message: 'exists', $metadata: {} }));
    kms.on(ListAliasesCommand).resolves({
      ...meta,
      Aliases: [
        { AliasName: 'alias/mine', TargetKeyId: KEY_ID },
        { AliasName: 'alias/theirs', TargetKeyId: 'mrk-00000000000000000000000000000000' },
      ],
    });
    await expect(service.createAlias('us-east-1', 'alias/mine', KEY_ID)).resolves.toBeUndefined();
    await expect(service.createAlias('us-east-1', 'alias/theirs', KEY_ID)).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('counts deleting a missing alias as done', async () => {
    kms
      .on(DeleteAliasCommand)
      .rejects(new NotFoundException({ message: 'Alias x is not found.', $metadata: {} }));
    await expect(service.deleteAlias('us-east-1', 'alias/gone')).resolves.toBeUndefined();
  });
});
