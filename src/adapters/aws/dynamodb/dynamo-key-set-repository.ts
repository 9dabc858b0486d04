// DynamoKeySetRepository: key sets in KeysTable with optimistic versions and a leased per-key lock.
import { ConflictError, NotFoundError, PreconditionFailedError } from '../../../core/errors.js';
import type { DriftReport, KeySet } from '../../../core/model/key-set.js';
import type { Member } from '../../../core/model/member.js';
import type { Clock } from '../../../core/ports/clock.js';
import type { KeySetChanges, KeySetRepository, LockRequest } from '../../../core/ports/key-set-repository.js';
import type { Page, PageRequest } from '../../../core/ports/page.js';
import { isConditionFailed } from './dynamo-errors.js';
import {
  fromKeySetItem,
  KEY_SETS_PARTITION,
  keySetKey,
  tenantPartition,
  toKeySetItem,
} from './key-set-item.js';
import type { KeysTable } from './keys-table.js';
import { UpdateBuilder } from './update-builder.js';

const CHANGEABLE_FIELDS = ['desired', 'regions', 'primaryRegion', 'status'] as const;
const LOCK_FREE =
  'attribute_not_exists(activeOperationId) OR activeOperationId = :op OR lockExpiresAt < :now';

export class DynamoKeySetRepository implements KeySetRepository {
  constructor(
    private readonly table: KeysTable,
    private readonly clock: Clock,
  ) {}

  async get(keyId: string): Promise<KeySet | undefined> {
    const item = await this.table.get(keySetKey(keyId));
    return item === undefined ? undefined : fromKeySetItem(item);
  }

  async create(keySet: KeySet): Promise<KeySet> {
    const stored: KeySet = { ...keySet, version: 1 };
    try {
      await this.table.put({ Item: toKeySetItem(stored), ConditionExpression: 'attribute_not_exists(PK)' });
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      throw new ConflictError(`Key ${keySet.keyId} is already managed`, {
        cause: error,
        details: { keyId: keySet.keyId },
      });
    }
    return stored;
  }

  async update(
    keyId: string,
    expectedVersion: number,
    changes: KeySetChanges,
    options: { readonly lock?: LockRequest } = {},
  ): Promise<KeySet> {
    const now = this.clock.now();
    const update = new UpdateBuilder();
    // Only the named fields: a caller's object with extra keys must not reach version or the lock.
    for (const field of CHANGEABLE_FIELDS)
      if (changes[field] !== undefined) update.set(field, changes[field]);
    update.set('version', expectedVersion + 1).set('updatedAt', now.toISOString());
    update.condition(
      'attribute_exists(PK) AND #version = :expectedVersion',
      { '#version': 'version' },
      {
        ':expectedVersion': expectedVersion,
      },
    );
    if (options.lock) this.#lockClauses(update, options.lock, now);
    return this.#updateOrExplain(keyId, update, { expectedVersion, operationId: options.lock?.operationId });
  }

  async acquireLock(keyId: string, lock: LockRequest): Promise<KeySet> {
    const update = new UpdateBuilder().condition('attribute_exists(PK)');
    this.#lockClauses(update, lock, this.clock.now());
    return this.#updateOrExplain(keyId, update, { operationId: lock.operationId });
  }

  async releaseLock(keyId: string, operationId: string): Promise<boolean> {
    const update = new UpdateBuilder()
      .remove('activeOperationId')
      .remove('lockExpiresAt')
      .condition('activeOperationId = :op', {}, { ':op': operationId });
    try {
      await this.table.update({ Key: keySetKey(keyId), ...update.build() });
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  async recordMembers(
    keyId: string,
    members: readonly Member[],
    options: { readonly removeRegions?: readonly string[] } = {},
  ): Promise<void> {
    const update = new UpdateBuilder().condition('attribute_exists(PK)');
    for (const member of members) update.set(['members', member.region], member);
    for (const region of options.removeRegions ?? []) update.remove(['members', region]);
    if (members.length === 0 && (options.removeRegions ?? []).length === 0) return;
    await this.#mustExist(keyId, () => this.table.update({ Key: keySetKey(keyId), ...update.build() }));
  }

  async recordDrift(keyId: string, drift: DriftReport): Promise<void> {
    const update = new UpdateBuilder().set('drift', drift).condition('attribute_exists(PK)');
    await this.#mustExist(keyId, () => this.table.update({ Key: keySetKey(keyId), ...update.build() }));
  }

  async listByTenant(tenant: string, page?: PageRequest): Promise<Page<KeySet>> {
    const result = await this.table.queryPage(
      `keysets:tenant:${tenant}`,
      {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
        ExpressionAttributeValues: { ':pk': tenantPartition(tenant), ':prefix': 'KEY#' },
      },
      page,
    );
    return { ...result, items: result.items.map(fromKeySetItem) };
  }

  async listAll(page?: PageRequest): Promise<Page<KeySet>> {
    const result = await this.table.queryPage(
      'keysets:all',
      {
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': KEY_SETS_PARTITION },
      },
      page,
    );
    return { ...result, items: result.items.map(fromKeySetItem) };
  }

  #lockClauses(update: UpdateBuilder, lock: LockRequest, now: Date): void {
    update
      .set('activeOperationId', lock.operationId)
      .set('lockExpiresAt', new Date(now.getTime() + lock.leaseMs).toISOString())
      .condition(LOCK_FREE, {}, { ':op': lock.operationId, ':now': now.toISOString() });
  }

  async #mustExist(keyId: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      throw new NotFoundError(`Key ${keyId} is not managed`, { cause: error, details: { keyId } });
    }
  }

  /** Applies `update` and returns the new key set; a failed condition is explained (#explain). */
  async #updateOrExplain(
    keyId: string,
    update: UpdateBuilder,
    expected: { expectedVersion?: number; operationId?: string | undefined },
  ): Promise<KeySet> {
    try {
      return fromKeySetItem(
        (await this.table.update({ Key: keySetKey(keyId), ...update.build(), ReturnValues: 'ALL_NEW' }))!,
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      throw await this.#explain(keyId, error, expected);
    }
  }

  /** Reads the item after a failed condition to say which condition failed (version, lock, absence). */
  async #explain(
    keyId: string,
    cause: unknown,
    expected: { expectedVersion?: number; operationId?: string | undefined },
  ): Promise<Error> {
    const current = await this.get(keyId);
    if (current === undefined)
      return new NotFoundError(`Key ${keyId} is not managed`, { cause, details: { keyId } });
    if (expected.expectedVersion !== undefined && current.version !== expected.expectedVersion) {
      return new PreconditionFailedError(
        `Key ${keyId} is at version ${current.version}, not ${expected.expectedVersion}; read it again and retry`,
        {
          cause,
          details: { keyId, expectedVersion: expected.expectedVersion, currentVersion: current.version },
        },
      );
    }
    const holder = current.activeOperationId;
    const held =
      holder !== undefined &&
      holder !== expected.operationId &&
      (current.lockExpiresAt ?? '') >= this.clock.now().toISOString();
    return new ConflictError(
      held
        ? `Operation ${holder} is in progress on key ${keyId}`
        : `Key ${keyId} changed concurrently; retry`,
      { cause, details: { keyId, activeOperationId: holder, lockExpiresAt: current.lockExpiresAt } },
    );
  }
}
