// KmsKeyService: the KeyService port over @aws-sdk/client-kms, one cached client per Region.
// Key lifecycle calls live here; the independent-property calls come from KmsPropertyCalls.
import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  type KeyMetadata,
  type KeySpec,
  type KeyUsageType,
  type OriginType,
  ReplicateKeyCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms';
import { NotFoundError } from '../../../core/errors.js';
import type { KeyState } from '../../../core/model/member.js';
import type {
  DeletionResult,
  KeyDescription,
  KeyService,
  NewKeyRequest,
  ReplicaRequest,
  ReplicateResult,
} from '../../../core/ports/key-service.js';
import { KmsPropertyCalls, toTagList } from './kms-property-calls.js';
import { awsErrorOf } from './map-kms-error.js';
import { isoOf, toKeyDescription } from './to-key-description.js';

// KMS-MRK-SPEC 7 / 15.3: ScheduleKeyDeletion on an already pending key says "<arn> is pending deletion."
const PENDING_DELETION = /is pending (replica )?deletion/i;
const NOT_PENDING_DELETION = /is not pending deletion/i;
const NO_METADATA = {} as KeyMetadata;

export class KmsKeyService extends KmsPropertyCalls implements KeyService {
  async createKey(region: string, request: NewKeyRequest): Promise<KeyDescription> {
    const output = await this.send(region, 'CreateKey', undefined, (client) =>
      client.send(
        new CreateKeyCommand({
          MultiRegion: true,
          Description: request.description,
          Policy: request.policy,
          Tags: toTagList(request.tags),
          KeySpec: request.keySpec as KeySpec | undefined,
          KeyUsage: request.keyUsage as KeyUsageType | undefined,
          Origin: request.origin as OriginType | undefined,
        }),
      ),
    );
    return toKeyDescription(output.KeyMetadata ?? NO_METADATA, region);
  }

  async describeKey(region: string, keyId: string): Promise<KeyDescription | undefined> {
    try {
      const output = await this.send(region, 'DescribeKey', keyId, (client) =>
        client.send(new DescribeKeyCommand({ KeyId: keyId })),
      );
      return toKeyDescription(output.KeyMetadata ?? NO_METADATA, region);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async replicateKey(
    primaryRegion: string,
    keyId: string,
    replicaRegion: string,
    request: ReplicaRequest = {},
  ): Promise<ReplicateResult> {
    try {
      const output = await this.send(primaryRegion, 'ReplicateKey', keyId, (client) =>
        client.send(
          new ReplicateKeyCommand({
            KeyId: keyId,
            ReplicaRegion: replicaRegion,
            Description: request.description,
            Policy: request.policy,
            Tags: toTagList(request.tags),
          }),
        ),
      );
      return {
        replica: toKeyDescription(output.ReplicaKeyMetadata ?? NO_METADATA, replicaRegion),
        adopted: false,
      };
    } catch (error) {
      if (awsErrorOf(error) !== 'AlreadyExistsException') throw error;
      // A related key is already there (a retry after a timeout, or an earlier run): adopt it
      // rather than delete it, which would block the Region for 7-30 days (KMS-MRK-SPEC 15.1).
      const existing = await this.describeKey(replicaRegion, keyId);
      if (existing === undefined) throw error;
      return { replica: existing, adopted: true };
    }
  }

  async updatePrimaryRegion(
    currentPrimaryRegion: string,
    keyId: string,
    newPrimaryRegion: string,
  ): Promise<void> {
    await this.send(currentPrimaryRegion, 'UpdatePrimaryRegion', keyId, (client) =>
      client.send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: newPrimaryRegion })),
    );
  }

  async scheduleKeyDeletion(
    region: string,
    keyId: string,
    pendingWindowInDays: number,
  ): Promise<DeletionResult> {
    try {
      const output = await this.send(region, 'ScheduleKeyDeletion', keyId, (client) =>
        client.send(
          new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: pendingWindowInDays }),
        ),
      );
      return {
        keyState: (output.KeyState ?? 'PendingDeletion') as KeyState,
        deletionDate: isoOf(output.DeletionDate),
        pendingWindowInDays: output.PendingWindowInDays,
        alreadyScheduled: false,
      };
    } catch (error) {
      if (!(awsErrorOf(error) === 'KMSInvalidStateException' && PENDING_DELETION.test(awsMessageOf(error)))) {
        throw error;
      }
      // Already pending deletion counts as scheduled (as Terraform's provider does); report the real state.
      const current = await this.describeKey(region, keyId);
      return {
        keyState: current?.keyState ?? 'PendingDeletion',
        deletionDate: current?.deletionDate,
        pendingWindowInDays: current?.pendingDeletionWindowInDays,
        alreadyScheduled: true,
      };
    }
  }

  async cancelKeyDeletion(region: string, keyId: string): Promise<{ readonly alreadyCancelled: boolean }> {
    try {
      await this.send(region, 'CancelKeyDeletion', keyId, (client) =>
        client.send(new CancelKeyDeletionCommand({ KeyId: keyId })),
      );
      return { alreadyCancelled: false };
    } catch (error) {
      if (
        awsErrorOf(error) === 'KMSInvalidStateException' &&
        NOT_PENDING_DELETION.test(awsMessageOf(error))
      ) {
        return { alreadyCancelled: true };
      }
      throw error;
    }
  }

  async enableKey(region: string, keyId: string): Promise<void> {
    await this.send(region, 'EnableKey', keyId, (client) =>
      client.send(new EnableKeyCommand({ KeyId: keyId })),
    );
  }

  async disableKey(region: string, keyId: string): Promise<void> {
    await this.send(region, 'DisableKey', keyId, (client) =>
      client.send(new DisableKeyCommand({ KeyId: keyId })),
    );
  }

  async rotateKeyOnDemand(region: string, keyId: string): Promise<void> {
    await this.send(region, 'RotateKeyOnDemand', keyId, (client) =>
      client.send(new RotateKeyOnDemandCommand({ KeyId: keyId })),
    );
  }
}

/** The AWS error's own message (the domain error's message adds the operation and Region). */
function awsMessageOf(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } }).cause;
  return typeof cause?.message === 'string' ? cause.message : '';
}
