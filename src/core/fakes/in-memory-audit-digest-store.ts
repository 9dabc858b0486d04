// InMemoryAuditDigestStore: the AuditDigestStore contract over an InMemoryAuditLog, for tests.
import { type AuditDigest, type ChainHead, sortHeads } from '../audit/audit-digest.js';
import type { AuditDigestStore } from '../ports/audit-digest-store.js';
import type { Page, PageRequest } from '../ports/page.js';
import { pageOf } from './fake-paging.js';
import type { InMemoryAuditLog } from './in-memory-audit-log.js';

export class InMemoryAuditDigestStore implements AuditDigestStore {
  /** Per writer Region: digests by sequence, with their heads. Public so tests can tamper with them. */
  readonly series = new Map<string, Map<number, { digest: AuditDigest; heads: ChainHead[] }>>();

  constructor(private readonly audit: InMemoryAuditLog) {}

  async listChainHeads(writerRegion: string, page?: PageRequest): Promise<Page<ChainHead>> {
    const heads = this.audit
      .chainsOf(writerRegion)
      .map((chain) => chain[chain.length - 1])
      .filter((event) => event !== undefined)
      .map(({ keyId, sequence, hash }) => ({ keyId, writerRegion, sequence, hash }));
    return pageOf(sortHeads(heads), `heads:${writerRegion}`, page);
  }

  async linkAt(keyId: string, writerRegion: string, sequence: number): Promise<{ hash: string } | undefined> {
    const chain = this.audit.chainsOf(writerRegion).find((events) => events[0]?.keyId === keyId) ?? [];
    const link = chain.find((event) => event.sequence === sequence);
    return link === undefined ? undefined : { hash: link.hash };
  }

  async listDigests(writerRegion: string, page?: PageRequest): Promise<Page<AuditDigest>> {
    const digests = [...(this.series.get(writerRegion)?.values() ?? [])]
      .map((entry) => entry.digest)
      .sort((a, b) => b.sequence - a.sequence);
    return pageOf(digests, `digests:${writerRegion}`, page);
  }

  async listDigestHeads(digest: AuditDigest, page?: PageRequest): Promise<Page<ChainHead>> {
    const heads = this.series.get(digest.writerRegion)?.get(digest.sequence)?.heads ?? [];
    return pageOf(sortHeads(heads), `digest-heads:${digest.writerRegion}:${digest.sequence}`, page);
  }

  async saveDigest(digest: AuditDigest, heads: readonly ChainHead[]): Promise<boolean> {
    const series = this.series.get(digest.writerRegion) ?? new Map();
    if (series.has(digest.sequence)) return false;
    series.set(digest.sequence, { digest, heads: [...heads] });
    this.series.set(digest.writerRegion, series);
    return true;
  }
}
