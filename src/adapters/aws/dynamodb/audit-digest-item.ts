// KeysTable items of the signed audit digests: one partition per writer Region holding the digests (the
// signed headers) and, beside each, the chain heads it recorded.
import type { AuditDigest, ChainHead } from '../../../core/audit/audit-digest.js';
import { type Item, withoutStorageAttributes } from './keys-table.js';

const SEQUENCE_DIGITS = 10;
/** Heads are only read for the newest digest; DynamoDB's TTL removes older ones after this long. */
const HEAD_RETENTION_SECONDS = 30 * 86_400;

export function digestPartition(writerRegion: string): string {
  return `AUDITDIGEST#${writerRegion}`;
}

export const DIGEST_PREFIX = 'DIGEST#';

export function digestKey(writerRegion: string, sequence: number): { PK: string; SK: string } {
  return {
    PK: digestPartition(writerRegion),
    SK: `${DIGEST_PREFIX}${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`,
  };
}

/**
 * The heads of one digest sort under its sequence and its hash: two writers racing for one sequence write
 * their heads under different prefixes, and only the one whose digest was stored is ever read.
 */
export function headsPrefix(digest: Pick<AuditDigest, 'sequence' | 'digestHash'>): string {
  return `HEAD#${String(digest.sequence).padStart(SEQUENCE_DIGITS, '0')}#${digest.digestHash.slice(0, 32)}#`;
}

export function toDigestItem(digest: AuditDigest): Item {
  return { ...digestKey(digest.writerRegion, digest.sequence), entity: 'AuditDigest', ...digest };
}

export function fromDigestItem(item: Item): AuditDigest {
  return withoutStorageAttributes(item) as unknown as AuditDigest;
}

export function toDigestHeadItem(digest: AuditDigest, head: ChainHead): Item {
  return {
    PK: digestPartition(digest.writerRegion),
    SK: `${headsPrefix(digest)}${head.keyId}`,
    entity: 'AuditDigestHead',
    keyId: head.keyId,
    writerRegion: head.writerRegion,
    sequence: head.sequence,
    hash: head.hash,
    expiresAt: Math.ceil(Date.parse(digest.createdAt) / 1000) + HEAD_RETENTION_SECONDS,
  };
}

export function fromDigestHeadItem(item: Item): ChainHead {
  return {
    keyId: String(item.keyId),
    writerRegion: String(item.writerRegion),
    sequence: Number(item.sequence),
    hash: String(item.hash),
  };
}
