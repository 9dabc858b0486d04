// AuditDigestStore: the signed digests of the audit chains, and what taking one needs from the trail.
import type { AuditDigest, ChainHead } from '../audit/audit-digest.js';
import type { Page, PageRequest } from './page.js';

export interface AuditDigestStore {
  /**
   * The head of every chain `writerRegion` writes (the chains registered when their first link was
   * written), in key id order. A registered chain without links yet is left out.
   */
  listChainHeads(writerRegion: string, page?: PageRequest): Promise<Page<ChainHead>>;

  /** The link stored at `sequence` of a chain, if any (how a recorded head is checked). */
  linkAt(keyId: string, writerRegion: string, sequence: number): Promise<{ hash: string } | undefined>;

  /** The newest digests of `writerRegion`'s series, newest first. */
  listDigests(writerRegion: string, page?: PageRequest): Promise<Page<AuditDigest>>;

  /** The chain heads stored with one digest, in key id order. */
  listDigestHeads(digest: AuditDigest, page?: PageRequest): Promise<Page<ChainHead>>;

  /**
   * Stores a digest with its heads; the digest's sequence is taken only once. Returns false (and the
   * digest is not stored) when another writer already took that sequence.
   */
  saveDigest(digest: AuditDigest, heads: readonly ChainHead[]): Promise<boolean>;
}
