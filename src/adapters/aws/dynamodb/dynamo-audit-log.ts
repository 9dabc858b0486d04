// DynamoAuditLog: hash-chained audit events with conditional appends and event-id idempotency.

import { nextAuditEvent } from '../../../core/audit/audit-chain.js';
import { ConflictError, ValidationError } from '../../../core/errors.js';
import type { AuditEvent, AuditEventInput } from '../../../core/model/audit-event.js';
import type { AuditLog } from '../../../core/ports/audit-log.js';
import type { Page, PageRequest } from '../../../core/ports/page.js';
import {
  chainPartition,
  chainRegistryItem,
  dayPartition,
  fromAuditItem,
  markerKey,
  sequenceKey,
  toAuditItem,
} from './audit-item.js';
import { isConditionFailed } from './dynamo-errors.js';
import type { KeysTable } from './keys-table.js';

const MAX_ATTEMPTS = 25;
/** How far back from the head an append looks for its own event id (a crash between link and marker). */
const TAIL_WINDOW = 16;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class DynamoAuditLog implements AuditLog {
  constructor(private readonly table: KeysTable) {}

  /**
   * 1. A marker for the event id exists: the event is stored, return it.
   * 2. Read the chain's tail; if the event is there (a crash after the link, before the marker),
   *    write the marker and return it.
   * 3. For a chain's first link, register the chain (see chainRegistryItem).
   * 4. Put the next link under `attribute_not_exists`: a concurrent writer that took the sequence
   *    makes it fail, and we start over from the new head. Then write the marker.
   * Two live appends of the same event id at the same moment can both land (documented limit);
   * the chain stays valid, the verifier still passes, and markers then point at the first.
   */
  async append(input: AuditEventInput): Promise<AuditEvent> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const existing = await this.#byMarker(input.eventId);
      if (existing !== undefined) return existing;
      const tail = await this.table.queryPage(
        'audit:tail',
        {
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': chainPartition(input.keyId, input.writerRegion) },
          ScanIndexForward: false,
          ConsistentRead: true,
        },
        { limit: TAIL_WINDOW },
      );
      const events = tail.items.map(fromAuditItem);
      const landed = events.find((event) => event.eventId === input.eventId);
      if (landed !== undefined) {
        await this.#writeMarker(landed);
        return landed;
      }
      const next = nextAuditEvent(events[0], input);
      // A new chain is registered before its first link (intent first): the digest writer lists the
      // registry instead of scanning, so a chain can never exist unseen by the signed digests.
      if (next.sequence === 1)
        await this.table.put({ Item: chainRegistryItem(input.keyId, input.writerRegion) });
      try {
        await this.table.put({ Item: toAuditItem(next), ConditionExpression: 'attribute_not_exists(PK)' });
      } catch (error) {
        if (isConditionFailed(error)) continue;
        throw error;
      }
      await this.#writeMarker(next);
      return next;
    }
    throw new ConflictError(`Too many concurrent audit writers on key ${input.keyId}; retry`, {
      details: { keyId: input.keyId, writerRegion: input.writerRegion },
    });
  }

  async readChain(keyId: string, writerRegion: string, page?: PageRequest): Promise<Page<AuditEvent>> {
    const result = await this.table.queryPage(
      `audit:chain:${keyId}:${writerRegion}`,
      {
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': chainPartition(keyId, writerRegion) },
        ConsistentRead: true,
      },
      page,
    );
    return { ...result, items: result.items.map(fromAuditItem) };
  }

  async listByKey(keyId: string, page?: PageRequest): Promise<Page<AuditEvent>> {
    const result = await this.table.queryPage(
      `audit:key:${keyId}`,
      {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
        ExpressionAttributeValues: { ':pk': `KEY#${keyId}`, ':prefix': 'AUDIT#' },
      },
      page,
    );
    return { ...result, items: result.items.map(fromAuditItem) };
  }

  async listByDay(day: string, page?: PageRequest): Promise<Page<AuditEvent>> {
    if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
      throw new ValidationError(`Invalid day ${JSON.stringify(day)}: expected YYYY-MM-DD`, {
        details: { field: 'day' },
      });
    }
    const result = await this.table.queryPage(
      `audit:day:${day}`,
      {
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': dayPartition(day) },
      },
      page,
    );
    return { ...result, items: result.items.map(fromAuditItem) };
  }

  async #byMarker(eventId: string): Promise<AuditEvent | undefined> {
    const marker = await this.table.get(markerKey(eventId));
    if (marker === undefined) return undefined;
    const item = await this.table.get({
      PK: chainPartition(String(marker.keyId), String(marker.writerRegion)),
      SK: sequenceKey(Number(marker.sequence)),
    });
    return item === undefined ? undefined : fromAuditItem(item);
  }

  async #writeMarker(event: AuditEvent): Promise<void> {
    const { keyId, writerRegion, sequence, eventId } = event;
    try {
      await this.table.put({
        Item: { ...markerKey(eventId), entity: 'AuditMarker', keyId, writerRegion, sequence },
        ConditionExpression: 'attribute_not_exists(PK)',
      });
    } catch (error) {
      // A concurrent append of the same id wrote its marker first: keep the first, as documented above.
      if (!isConditionFailed(error)) throw error;
    }
  }
}
