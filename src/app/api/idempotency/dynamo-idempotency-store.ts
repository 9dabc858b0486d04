// DynamoIdempotencyStore: idempotency records on the KeysTable (PK IDEMP#<principal>#<key>), conditional writes only.
import { isConditionFailed } from '../../../adapters/aws/dynamodb/dynamo-errors.js';
import type { KeysTable } from '../../../adapters/aws/dynamodb/keys-table.js';
import { ConflictError } from '../../../core/errors.js';
import {
  type ClaimRequest,
  type ClaimResult,
  type IdempotencyRecord,
  type IdempotencyStore,
  newClaimRecord,
  type StoredResponse,
} from './idempotency-store.js';

const SK = 'IDEMPOTENCY';
const MAX_ATTEMPTS = 5;

/**
 * dynalite has no TTL and no transactions, so expiry is an attribute every claim checks, and each
 * state change is one conditional single-item write. `expiresAt` (epoch seconds) is also the
 * table's TTL attribute, so deployed records disappear on their own.
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(private readonly table: KeysTable) {}

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const key = keyOf(request.principal, request.key);
    const nowMs = request.now.getTime();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const record = newClaimRecord(request);
      try {
        await this.table.put({
          Item: { ...key, entity: 'Idempotency', ...record },
          ConditionExpression: 'attribute_not_exists(PK) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': Math.floor(nowMs / 1000) },
        });
        return { outcome: 'claimed', record };
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
      const current = await this.#get(key);
      if (current === undefined) continue;
      const resumable =
        current.state === 'InProgress' &&
        current.requestHash === request.requestHash &&
        current.leaseUntil <= nowMs;
      if (!resumable) return { outcome: 'existing', record: current };
      try {
        // Compare-and-set on the old lease: of two retries racing for a lapsed record, one wins.
        await this.table.update({
          Key: key,
          UpdateExpression: 'SET leaseUntil = :lease',
          ConditionExpression: 'leaseUntil = :old AND #state = :inProgress',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':lease': nowMs + request.leaseMs,
            ':old': current.leaseUntil,
            ':inProgress': 'InProgress',
          },
        });
        return { outcome: 'claimed', record: { ...current, leaseUntil: nowMs + request.leaseMs } };
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
    }
    throw new ConflictError('Too many concurrent requests with this Idempotency-Key; retry', {
      details: { idempotencyKey: request.key },
    });
  }

  async saveProgress(
    principal: string,
    key: string,
    progress: Readonly<Record<string, string>>,
  ): Promise<void> {
    const entries = Object.entries(progress);
    if (entries.length === 0) return;
    const names: Record<string, string> = { '#progress': 'progress' };
    const values: Record<string, string> = {};
    const sets = entries.map(([name, value], index) => {
      names[`#p${index}`] = name;
      values[`:p${index}`] = value;
      return `#progress.#p${index} = :p${index}`;
    });
    await this.table.update({
      Key: keyOf(principal, key),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }

  async complete(principal: string, key: string, response: StoredResponse): Promise<void> {
    await this.table.update({
      Key: keyOf(principal, key),
      UpdateExpression: 'SET #state = :completed, #response = :response, leaseUntil = :zero',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
      ExpressionAttributeValues: { ':completed': 'Completed', ':response': response, ':zero': 0 },
    });
  }

  async release(principal: string, key: string, keep: boolean): Promise<void> {
    if (!keep) {
      await this.table.delete({ Key: keyOf(principal, key) });
      return;
    }
    try {
      await this.table.update({
        Key: keyOf(principal, key),
        UpdateExpression: 'SET leaseUntil = :zero',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':zero': 0 },
      });
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }

  async #get(key: Record<string, string>): Promise<IdempotencyRecord | undefined> {
    const item = await this.table.get(key);
    if (item === undefined) return undefined;
    return {
      principal: String(item.principal),
      key: String(item.key),
      requestHash: String(item.requestHash),
      state: item.state === 'Completed' ? 'Completed' : 'InProgress',
      progress: (item.progress ?? {}) as Record<string, string>,
      response: item.response as StoredResponse | undefined,
      leaseUntil: Number(item.leaseUntil ?? 0),
      expiresAt: Number(item.expiresAt ?? 0),
    };
  }
}

function keyOf(principal: string, key: string): Record<string, string> {
  // The principal may contain '#': encode it so two principals never share a partition key.
  return { PK: `IDEMP#${encodeURIComponent(principal)}#${key}`, SK };
}
