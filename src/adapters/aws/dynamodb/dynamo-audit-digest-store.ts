// DynamoAuditDigestStore: signed audit digests in KeysTable, and the chain heads they record. Queries and
// key reads only (no Scan): chains are found through the registry the audit log writes with each new chain.
import type { AuditDigest, ChainHead } from '../../../core/audit/audit-digest.js';
import type { AuditDigestStore } from '../../../core/ports/audit-digest-store.js';
import type { Page, PageRequest } from '../../../core/ports/page.js';
import {
  DIGEST_PREFIX,
  digestKey,
  digestPartition,
  fromDigestHeadItem,
  fromDigestItem,
  headsPrefix,
  toDigestHeadItem,
  toDigestItem,
} from './audit-digest-item.js';
import { chainPartition, chainRegistryPartition, sequenceKey } from './audit-item.js';
import { isConditionFailed } from './dynamo-errors.js';
import type { KeysTable } from './keys-table.js';

const BATCH = 25;

export class DynamoAuditDigestStore implements AuditDigestStore {
  constructor(private readonly table: KeysTable) {}

  async listChainHeads(writerRegion: string, page?: PageRequest): Promise<Page<ChainHead>> {
    const chains = await this.table.queryPage(
      `audit:chains:${writerRegion}`,
      {
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': chainRegistryPartition(writerRegion) },
        ConsistentRead: true,
      },
      page,
    );
    const heads: ChainHead[] = [];
    for (const chain of chains.items) {
      const keyId = String(chain.keyId);
      const tail = await this.table.queryPage(
        'audit:head',
        {
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': chainPartition(keyId, writerRegion) },
          ScanIndexForward: false,
          ConsistentRead: true,
        },
        { limit: 1 },
      );
      const head = tail.items[0];
      // Registered just before a first link that was never written (a crash): nothing to anchor yet.
      if (head === undefined) continue;
      heads.push({ keyId, writerRegion, sequence: Number(head.sequence), hash: String(head.hash) });
    }
    return chains.nextToken === undefined ? { items: heads } : { items: heads, nextToken: chains.nextToken };
  }

  async linkAt(keyId: string, writerRegion: string, sequence: number): Promise<{ hash: string } | undefined> {
    const item = await this.table.get({ PK: chainPartition(keyId, writerRegion), SK: sequenceKey(sequence) });
    return item === undefined ? undefined : { hash: String(item.hash) };
  }

  async listDigests(writerRegion: string, page?: PageRequest): Promise<Page<AuditDigest>> {
    const result = await this.table.queryPage(
      `audit:digests:${writerRegion}`,
      {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': digestPartition(writerRegion), ':prefix': DIGEST_PREFIX },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
      page,
    );
    return { ...result, items: result.items.map(fromDigestItem) };
  }

  async listDigestHeads(digest: AuditDigest, page?: PageRequest): Promise<Page<ChainHead>> {
    const prefix = headsPrefix(digest);
    const result = await this.table.queryPage(
      `audit:digest-heads:${digest.writerRegion}:${prefix}`,
      {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': digestPartition(digest.writerRegion), ':prefix': prefix },
        ConsistentRead: true,
      },
      page,
    );
    return { ...result, items: result.items.map(fromDigestHeadItem) };
  }

  /** The heads first, then the digest under `attribute_not_exists`: the digest is the commit point. */
  async saveDigest(digest: AuditDigest, heads: readonly ChainHead[]): Promise<boolean> {
    const items = heads.map((head) => toDigestHeadItem(digest, head));
    for (let start = 0; start < items.length; start += BATCH) {
      await this.table.batchPut(items.slice(start, start + BATCH));
    }
    try {
      await this.table.put({ Item: toDigestItem(digest), ConditionExpression: 'attribute_not_exists(PK)' });
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** The key of a stored digest (tests tamper with it through the table). */
  static keyOf(writerRegion: string, sequence: number): { PK: string; SK: string } {
    return digestKey(writerRegion, sequence);
  }
}
