// KeysTable access in one place: table name, consumed-capacity reporting, SDK error mapping, paged queries.
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DeleteCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../../core/errors.js';
import type { Page, PageRequest } from '../../../core/ports/page.js';
import { errorName, isConditionFailed, toDomainError } from './dynamo-errors.js';
import { decodePageToken, encodePageToken, type PageKey } from './page-token.js';

export type Item = Record<string, unknown>;
export type TableOperation = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query' | 'BatchWriteItem';

export interface KeysTableOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** HMAC secret of paging tokens (at least 16 characters). */
  readonly pageTokenSecret: string;
  /** Ask DynamoDB for consumed capacity on every request and report it (tests prove no Scan runs). */
  readonly onRequest?: (request: TableRequestReport) => void;
}

/** One request as sent: consumed capacity when it succeeded, the error name when it did not. */
export interface TableRequestReport {
  operation: TableOperation;
  indexName?: string;
  consumed?: ConsumedCapacity[];
  error?: string;
}

export type IndexName = 'GSI1' | 'GSI2';
const KEY_ATTRIBUTES: Record<IndexName | 'table', readonly string[]> = {
  table: ['PK', 'SK'],
  GSI1: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
  GSI2: ['PK', 'SK', 'GSI2PK', 'GSI2SK'],
};

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** Every KeysTable request goes through here; there is deliberately no Scan. */
export class KeysTable {
  readonly #options: KeysTableOptions;

  constructor(options: KeysTableOptions) {
    if (options.pageTokenSecret.length < 16)
      throw new Error('pageTokenSecret must be at least 16 characters');
    this.#options = options;
  }

  async get(key: Item, consistent = true): Promise<Item | undefined> {
    const input: GetCommandInput = {
      TableName: this.#options.tableName,
      Key: key,
      ConsistentRead: consistent,
    };
    const result = await this.#send('GetItem', undefined, () =>
      this.#client.send(new GetCommand(this.#capacity(input))),
    );
    return result.Item;
  }

  /** PutItem; a failed condition is rethrown as is (callers decide what it means). */
  async put(input: Omit<PutCommandInput, 'TableName'>): Promise<void> {
    const full = {
      ...input,
      Item: storableRecord(input.Item),
      ...(input.ExpressionAttributeValues && {
        ExpressionAttributeValues: storableRecord(input.ExpressionAttributeValues),
      }),
      TableName: this.#options.tableName,
    };
    await this.#send('PutItem', undefined, () => this.#client.send(new PutCommand(this.#capacity(full))));
  }

  async update(input: Omit<UpdateCommandInput, 'TableName'>): Promise<Item | undefined> {
    const full = {
      ...input,
      ...(input.ExpressionAttributeValues && {
        ExpressionAttributeValues: storableRecord(input.ExpressionAttributeValues),
      }),
      TableName: this.#options.tableName,
    };
    const result = await this.#send('UpdateItem', undefined, () =>
      this.#client.send(new UpdateCommand(this.#capacity(full))),
    );
    return result.Attributes;
  }

  async delete(input: Omit<DeleteCommandInput, 'TableName'>): Promise<void> {
    const full = { ...input, TableName: this.#options.tableName };
    await this.#send('DeleteItem', undefined, () =>
      this.#client.send(new DeleteCommand(this.#capacity(full))),
    );
  }

  /** Writes up to 25 items (fixtures and bulk loads), retrying what DynamoDB leaves unprocessed. */
  async batchPut(items: readonly Item[]): Promise<void> {
    let requests = items.map((item) => ({ PutRequest: { Item: storableRecord(item) } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 10) throw toDomainError(new Error('unprocessed items remain'), 'BatchWriteItem');
      const input: BatchWriteCommandInput = { RequestItems: { [this.#options.tableName]: requests } };
      const result = await this.#send('BatchWriteItem', undefined, () =>
        this.#client.send(new BatchWriteCommand(this.#capacity(input))),
      );
      requests = (result.UnprocessedItems?.[this.#options.tableName] ?? []) as typeof requests;
    }
  }

  /**
   * One page of a Query. Fetches one item more than asked so `nextToken` appears only when more
   * items exist; the token carries the last returned item's key, signed for `scope`.
   */
  async queryPage(
    scope: string,
    input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
    page: PageRequest = {},
  ): Promise<Page<Item>> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new ValidationError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, {
        details: { field: 'limit' },
      });
    }
    const secret = this.#options.pageTokenSecret;
    const start = page.nextToken === undefined ? undefined : decodePageToken(secret, scope, page.nextToken);
    const full: QueryCommandInput = {
      ...input,
      TableName: this.#options.tableName,
      Limit: limit + 1,
      ...(start !== undefined && { ExclusiveStartKey: start }),
    };
    const result = await this.#send('Query', input.IndexName, () =>
      this.#client.send(new QueryCommand(this.#capacity(full))),
    );
    const items = result.Items ?? [];
    if (items.length > limit) {
      const page = items.slice(0, limit);
      const key = keyOf(page[page.length - 1]!, (input.IndexName as IndexName | undefined) ?? 'table');
      return { items: page, nextToken: encodePageToken(secret, scope, key) };
    }
    // Fewer items than asked but a LastEvaluatedKey: DynamoDB stopped at its 1 MB page limit.
    const last = result.LastEvaluatedKey as PageKey | undefined;
    return last === undefined ? { items } : { items, nextToken: encodePageToken(secret, scope, last) };
  }

  get #client(): DynamoDBDocumentClient {
    return this.#options.client;
  }

  #capacity<T extends object>(input: T): T {
    return this.#options.onRequest ? { ...input, ReturnConsumedCapacity: 'INDEXES' } : input;
  }

  async #send<T extends { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }>(
    operation: TableOperation,
    indexName: string | undefined,
    call: () => Promise<T>,
  ): Promise<T> {
    try {
      const result = await call();
      const consumed = result.ConsumedCapacity;
      this.#options.onRequest?.({
        operation,
        ...(indexName !== undefined && { indexName }),
        ...(consumed !== undefined && { consumed: Array.isArray(consumed) ? consumed : [consumed] }),
      });
      return result;
    } catch (error) {
      this.#options.onRequest?.({
        operation,
        ...(indexName !== undefined && { indexName }),
        error: errorName(error) ?? 'Error',
      });
      if (isConditionFailed(error)) throw error;
      throw toDomainError(error, operation);
    }
  }
}

function keyOf(item: Item, index: IndexName | 'table'): PageKey {
  return Object.fromEntries(KEY_ATTRIBUTES[index].map((name) => [name, item[name] as string | number]));
}

/**
 * The document client's marshaller tells a plain object from a class instance by reading `value.constructor`,
 * so a map of the caller's data with a property named `constructor` (a tag `{"constructor":"x"}`, a policy
 * `{"constructor":{"name":"String"}}`) is refused or, worse, stored as something else. Every nested object is
 * handed over as a Map instead, which the marshaller stores as the same DynamoDB map by iterating its
 * entries, whatever their names. The top level stays a record: its keys are our attribute names.
 */
export function storableRecord<T extends Record<string, unknown> | undefined>(record: T): T {
  if (record === undefined) return record;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) out[name] = storable(value);
  return out as T;
}

function storable(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(storable);
  if (value instanceof Set) return new Set([...value].map(storable));
  if (value instanceof Map) return new Map([...value].map(([key, item]) => [key, storable(item)]));
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return new Map(Object.entries(value).map(([key, item]) => [key, storable(item)]));
}

/** Strips the storage attributes (keys, index keys, entity tag) from an item. */
export function withoutStorageAttributes(item: Item): Item {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _g1p,
    GSI1SK: _g1s,
    GSI2PK: _g2p,
    GSI2SK: _g2s,
    entity: _entity,
    ...rest
  } = item;
  return rest;
}
