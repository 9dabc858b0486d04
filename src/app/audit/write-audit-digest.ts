// The scheduled use case: take the head of every chain this Region writes, link, sign and store a digest.
import {
  type AuditDigest,
  buildAuditDigest,
  type ChainHead,
  digestSigningMessage,
} from '../../core/audit/audit-digest.js';
import type { AuditAnchors } from './audit-anchors.js';

export interface DigestWritten {
  readonly writerRegion: string;
  readonly sequence: number;
  readonly chainCount: number;
  readonly digestHash: string;
  readonly createdAt: string;
  /** False when another writer stored this sequence first (two runs at once); nothing was written. */
  readonly stored: boolean;
}

export async function writeAuditDigest(deps: AuditAnchors): Promise<DigestWritten> {
  const region = deps.writerRegion;
  const latest = (await deps.store.listDigests(region, { limit: 1 })).items[0];
  const heads = await readAll<ChainHead>((nextToken) =>
    deps.store.listChainHeads(region, { limit: 1000, nextToken }),
  );
  const unsigned = buildAuditDigest(latest, heads, {
    writerRegion: region,
    createdAt: deps.clock.now().toISOString(),
  });
  const signature = await deps.signer.signDigest(region, digestSigningMessage(unsigned));
  const digest: AuditDigest = { ...unsigned, signature };
  const stored = await deps.store.saveDigest(digest, heads);
  return {
    writerRegion: region,
    sequence: digest.sequence,
    chainCount: digest.chainCount,
    digestHash: digest.digestHash,
    createdAt: digest.createdAt,
    stored,
  };
}

export async function readAll<T>(
  read: (nextToken: string | undefined) => Promise<{ items: readonly T[]; nextToken?: string | undefined }>,
  max = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await read(token);
    items.push(...page.items);
    token = page.nextToken;
  } while (token !== undefined && items.length < max);
  return items;
}
