// FakeKeyService: just enough of KMS in memory for API handler tests (keys per Region, policy, tags, aliases).
import { randomBytes } from 'node:crypto';
import type { KeyState } from '../../../../src/core/model/member.js';
import type { Tags } from '../../../../src/core/model/tags.js';
import type {
  AliasEntry,
  DeletionResult,
  KeyDescription,
  KeyService,
  NewKeyRequest,
  ReplicateResult,
  RotationStatus,
} from '../../../../src/core/ports/key-service.js';

interface FakeKey {
  description: KeyDescription;
  policy: string;
  tags: Tags;
}

export class FakeKeyService implements KeyService {
  readonly keys = new Map<string, FakeKey>();
  readonly aliases = new Map<string, AliasEntry[]>();
  readonly calls: string[] = [];
  account = '111122223333';

  async createKey(region: string, request: NewKeyRequest): Promise<KeyDescription> {
    this.calls.push(`CreateKey:${region}`);
    const keyId = `mrk-${randomBytes(16).toString('hex')}`;
    const description: KeyDescription = {
      keyId,
      arn: `arn:aws:kms:${region}:${this.account}:key/${keyId}`,
      region,
      keyState: 'Enabled',
      enabled: true,
      multiRegion: true,
      role: 'PRIMARY',
      primaryRegion: region,
      replicaRegions: [],
      description: request.description,
      keySpec: request.keySpec ?? 'SYMMETRIC_DEFAULT',
      keyUsage: request.keyUsage ?? 'ENCRYPT_DECRYPT',
      origin: request.origin ?? 'AWS_KMS',
      currentKeyMaterialId: 'material-1',
    };
    this.keys.set(`${region}/${keyId}`, {
      description,
      policy: request.policy ?? '{}',
      tags: request.tags ?? {},
    });
    return description;
  }

  /** A replica beside an existing primary (for adopt tests). */
  addReplica(primaryRegion: string, keyId: string, region: string): void {
    const primary = this.#require(primaryRegion, keyId);
    primary.description = {
      ...primary.description,
      replicaRegions: [...primary.description.replicaRegions, region],
    };
    this.keys.set(`${region}/${keyId}`, {
      ...structuredClone(primary),
      description: {
        ...primary.description,
        region,
        role: 'REPLICA',
        arn: primary.description.arn.replace(primaryRegion, region),
        replicaRegions: [],
      },
    });
  }

  async describeKey(region: string, keyId: string): Promise<KeyDescription | undefined> {
    this.calls.push(`DescribeKey:${region}`);
    return this.keys.get(`${region}/${keyId}`)?.description;
  }

  async replicateKey(): Promise<ReplicateResult> {
    throw new Error('not used by the API');
  }

  async updatePrimaryRegion(): Promise<void> {
    throw new Error('not used by the API');
  }

  async scheduleKeyDeletion(region: string, keyId: string, days: number): Promise<DeletionResult> {
    this.calls.push(`ScheduleKeyDeletion:${region}`);
    const key = this.#require(region, keyId);
    const keyState: KeyState = 'PendingDeletion';
    key.description = { ...key.description, keyState, enabled: false };
    return {
      keyState,
      deletionDate: '2026-02-01T00:00:00.000Z',
      pendingWindowInDays: days,
      alreadyScheduled: false,
    };
  }

  async cancelKeyDeletion(): Promise<{ readonly alreadyCancelled: boolean }> {
    return { alreadyCancelled: true };
  }
  async enableKey(): Promise<void> {}
  async disableKey(): Promise<void> {}
  async getKeyPolicy(region: string, keyId: string): Promise<string> {
    return this.#require(region, keyId).policy;
  }
  async putKeyPolicy(): Promise<void> {}
  async updateKeyDescription(): Promise<void> {}
  async listResourceTags(region: string, keyId: string): Promise<Tags> {
    return this.#require(region, keyId).tags;
  }
  async tagResource(): Promise<void> {}
  async untagResource(): Promise<void> {}
  async listAliases(region: string, keyId?: string): Promise<readonly AliasEntry[]> {
    const all = this.aliases.get(region) ?? [];
    return keyId === undefined ? all : all.filter((alias) => alias.targetKeyId === keyId);
  }
  async createAlias(region: string, aliasName: string, keyId: string): Promise<void> {
    this.aliases.set(region, [...(this.aliases.get(region) ?? []), { aliasName, targetKeyId: keyId }]);
  }
  async updateAlias(): Promise<void> {}
  async deleteAlias(): Promise<void> {}
  async getKeyRotationStatus(): Promise<RotationStatus> {
    return { enabled: true, periodInDays: 365 };
  }
  async enableKeyRotation(): Promise<void> {}
  async disableKeyRotation(): Promise<void> {}
  async rotateKeyOnDemand(): Promise<void> {}
  async listKeys(region: string): Promise<readonly { readonly keyId: string; readonly arn: string }[]> {
    return [...this.keys.entries()]
      .filter(([name]) => name.startsWith(`${region}/`))
      .map(([, key]) => ({ keyId: key.description.keyId, arn: key.description.arn }));
  }

  #require(region: string, keyId: string): FakeKey {
    const key = this.keys.get(`${region}/${keyId}`);
    if (key === undefined) throw new Error(`no key ${keyId} in ${region}`);
    return key;
  }
}
