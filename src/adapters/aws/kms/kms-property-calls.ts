// The independent-property half of KmsKeyService: policy, description, tags, aliases, rotation, listings.
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  PutKeyPolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { ConflictError, NotFoundError } from '../../../core/errors.js';
import type { Tags } from '../../../core/model/tags.js';
import type { AliasEntry, RotationStatus } from '../../../core/ports/key-service.js';
import { callKms, type KmsSend } from './call-kms.js';
import { KmsClientPool, type KmsClientPoolOptions } from './kms-client-pool.js';
import { listAllAliases, listAllKeys, listAllResourceTags } from './list-all.js';
import { awsErrorOf } from './map-kms-error.js';
import { isoOf } from './to-key-description.js';

export class KmsPropertyCalls {
  protected readonly send: KmsSend;

  constructor(pool: KmsClientPool | KmsClientPoolOptions = {}) {
    const clients = pool instanceof KmsClientPool ? pool : new KmsClientPool(pool);
    this.send = (region, operation, keyId, send) => callKms(clients, region, operation, keyId, send);
  }

  async getKeyPolicy(region: string, keyId: string): Promise<string> {
    const output = await this.send(region, 'GetKeyPolicy', keyId, (client) =>
      client.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' })),
    );
    return output.Policy ?? '';
  }

  async putKeyPolicy(region: string, keyId: string, policy: string): Promise<void> {
    await this.send(region, 'PutKeyPolicy', keyId, (client) =>
      client.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: policy })),
    );
  }

  async updateKeyDescription(region: string, keyId: string, description: string): Promise<void> {
    await this.send(region, 'UpdateKeyDescription', keyId, (client) =>
      client.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: description })),
    );
  }

  listResourceTags(region: string, keyId: string): Promise<Tags> {
    return listAllResourceTags(this.send, region, keyId);
  }

  async tagResource(region: string, keyId: string, tags: Tags): Promise<void> {
    await this.send(region, 'TagResource', keyId, (client) =>
      client.send(new TagResourceCommand({ KeyId: keyId, Tags: toTagList(tags) ?? [] })),
    );
  }

  async untagResource(region: string, keyId: string, tagKeys: readonly string[]): Promise<void> {
    await this.send(region, 'UntagResource', keyId, (client) =>
      client.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: [...tagKeys] })),
    );
  }

  listAliases(region: string, keyId?: string): Promise<readonly AliasEntry[]> {
    return listAllAliases(this.send, region, keyId);
  }

  async createAlias(region: string, aliasName: string, keyId: string): Promise<void> {
    try {
      await this.send(region, 'CreateAlias', keyId, (client) =>
        client.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: keyId })),
      );
    } catch (error) {
      if (awsErrorOf(error) !== 'AlreadyExistsException') throw error;
      // A retried step finds its own alias: done. An alias on another key is a real conflict.
      const existing = (await this.listAliases(region)).find((alias) => alias.aliasName === aliasName);
      if (existing !== undefined && existing.targetKeyId === keyId) return;
      throw new ConflictError(`Alias ${aliasName} in ${region} already points at another key`, {
        cause: error,
        details: {
          awsError: 'AlreadyExistsException',
          region,
          aliasName,
          targetKeyId: existing?.targetKeyId,
        },
      });
    }
  }

  async updateAlias(region: string, aliasName: string, keyId: string): Promise<void> {
    await this.send(region, 'UpdateAlias', keyId, (client) =>
      client.send(new UpdateAliasCommand({ AliasName: aliasName, TargetKeyId: keyId })),
    );
  }

  async deleteAlias(region: string, aliasName: string): Promise<void> {
    try {
      await this.send(region, 'DeleteAlias', undefined, (client) =>
        client.send(new DeleteAliasCommand({ AliasName: aliasName })),
      );
    } catch (error) {
      // Already gone (a retried step): the goal is reached.
      if (!(error instanceof NotFoundError)) throw error;
    }
  }

  async getKeyRotationStatus(region: string, keyId: string): Promise<RotationStatus> {
    const output = await this.send(region, 'GetKeyRotationStatus', keyId, (client) =>
      client.send(new GetKeyRotationStatusCommand({ KeyId: keyId })),
    );
    return {
      enabled: output.KeyRotationEnabled === true,
      periodInDays: output.RotationPeriodInDays,
      nextRotationDate: isoOf(output.NextRotationDate),
      onDemandRotationStartDate: isoOf(output.OnDemandRotationStartDate),
    };
  }

  async enableKeyRotation(region: string, keyId: string, periodInDays?: number): Promise<void> {
    await this.send(region, 'EnableKeyRotation', keyId, (client) =>
      client.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: periodInDays })),
    );
  }

  async disableKeyRotation(region: string, keyId: string): Promise<void> {
    await this.send(region, 'DisableKeyRotation', keyId, (client) =>
      client.send(new DisableKeyRotationCommand({ KeyId: keyId })),
    );
  }

  listKeys(region: string): Promise<readonly { readonly keyId: string; readonly arn: string }[]> {
    return listAllKeys(this.send, region);
  }
}

export function toTagList(tags: Tags | undefined): { TagKey: string; TagValue: string }[] | undefined {
  if (tags === undefined) return undefined;
  return Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}
