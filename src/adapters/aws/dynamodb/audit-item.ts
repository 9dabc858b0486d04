// KeysTable items of the audit trail: chain links, their event-id markers, and the index keys of both views.
import type { AuditEvent } from '../../../core/model/audit-event.js';
import { type Item, withoutStorageAttributes } from './keys-table.js';

const SEQUENCE_DIGITS = 10;

export function chainPartition(keyId: string, writerRegion: string): string {
  return `AUDIT#${keyId}#${writerRegion}`;
}

/** Zero-padded so the sort key orders numerically. */
export function sequenceKey(sequence: number): string {
  return String(sequence).padStart(SEQUENCE_DIGITS, '0');
}

export function dayPartition(day: string): string {
  return `AUDITDAY#${day}`;
}

/** The registry of one writer Region's chains: one item per chain, so digests list chains with a Query. */
export function chainRegistryPartition(writerRegion: string): string {
  return `AUDITCHAINS#${writerRegion}`;
}

export function chainRegistryItem(keyId: string, writerRegion: string): Item {
  return { PK: chainRegistryPartition(writerRegion), SK: keyId, entity: 'AuditChain', keyId, writerRegion };
}

/** The marker that makes appends idempotent: one item per event id, pointing at its link. */
export function markerKey(eventId: string): { PK: string; SK: string } {
  return { PK: `AUDITID#${eventId}`, SK: 'META' };
}

export function toAuditItem(event: AuditEvent): Item {
  const seq = sequenceKey(event.sequence);
  return {
    PK: chainPartition(event.keyId, event.writerRegion),
    SK: seq,
    // GSI1 (shared with operations under `KEY#<keyId>`, told apart by the AUDIT# prefix): one key, all chains, by time.
    GSI1PK: `KEY#${event.keyId}`,
    GSI1SK: `AUDIT#${event.at}#${event.writerRegion}#${seq}`,
    // GSI2: the fleet-wide view, one partition per UTC day.
    GSI2PK: dayPartition(event.at.slice(0, 10)),
    GSI2SK: `${event.at}#${event.keyId}#${event.writerRegion}#${seq}`,
    entity: 'AuditEvent',
    ...event,
  };
}

export function fromAuditItem(item: Item): AuditEvent {
  return withoutStorageAttributes(item) as unknown as AuditEvent;
}
