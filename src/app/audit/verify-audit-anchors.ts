// Verification against the signed digests: every digest's hash, link and KMS signature, its freshness, and
// every chain (or one key's chains) still reaching the head the newest digest recorded.
import {
  type AuditDigest,
  type ChainHead,
  chainKeyOf,
  type DigestVerification,
  digestSigningMessage,
  type SignatureCheck,
  verifyAuditDigests,
} from '../../core/audit/audit-digest.js';
import { type AuditAnchors, maxDigestAgeMs } from './audit-anchors.js';
import { readAll } from './write-audit-digest.js';

/** The newest digests a verification reads (about six weeks of hourly digests); older ones were verified before. */
export const MAX_VERIFIED_DIGESTS = 1000;

export async function verifyAuditAnchors(
  deps: AuditAnchors,
  scope: { readonly keyId?: string | undefined } = {},
): Promise<DigestVerification> {
  const region = deps.writerRegion;
  const newestFirst = await readAll<AuditDigest>(
    (nextToken) => deps.store.listDigests(region, { limit: 100, nextToken }),
    MAX_VERIFIED_DIGESTS,
  );
  const digests = newestFirst.slice(0, MAX_VERIFIED_DIGESTS).reverse();
  const latest = digests[digests.length - 1];
  const signatures = new Map<number, SignatureCheck>();
  for (const digest of digests) {
    const valid = await deps.signer.verifyDigest(region, digestSigningMessage(digest), digest.signature);
    signatures.set(digest.sequence, valid ? 'Valid' : 'Invalid');
  }
  const latestHeads =
    latest === undefined
      ? []
      : await readAll<ChainHead>((nextToken) =>
          deps.store.listDigestHeads(latest, { limit: 1000, nextToken }),
        );
  const linksAtHeads = new Map<string, { hash: string } | undefined>();
  for (const head of latestHeads) {
    if (scope.keyId !== undefined && head.keyId !== scope.keyId) continue;
    linksAtHeads.set(chainKeyOf(head), await deps.store.linkAt(head.keyId, head.writerRegion, head.sequence));
  }
  const chainsExist =
    latest !== undefined ||
    (scope.keyId === undefined
      ? (await deps.store.listChainHeads(region, { limit: 1 })).items.length > 0
      : (await deps.store.linkAt(scope.keyId, region, 1)) !== undefined);
  return verifyAuditDigests({
    writerRegion: region,
    digests,
    signatures,
    latestHeads,
    linksAtHeads,
    keyId: scope.keyId,
    chainsExist,
    now: deps.clock.now().toISOString(),
    maxAgeMs: maxDigestAgeMs(deps.intervalMs),
    windowed: newestFirst.length >= MAX_VERIFIED_DIGESTS,
  });
}
