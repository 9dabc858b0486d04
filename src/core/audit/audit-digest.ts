// Signed audit digests: the external anchor of the hash chains (as CloudTrail's signed digest files are).
//
// A bare hash chain proves its links, not its length: deleting the last links leaves a valid, shorter chain.
// A digest records the head (last sequence and hash) of every chain one control-plane Region writes, is
// linked to the previous digest by hash, and is signed with an asymmetric KMS key the control plane manages.
// A chain that no longer reaches the head its latest digest recorded has been cut; a digest whose hash,
// link or signature does not hold has been forged, altered or removed.
import { canonicalJson, sha256Hex } from '../json/canonical-json.js';
import { GENESIS_HASH } from '../model/audit-event.js';

/** Where one chain stood when a digest was taken. `sequence` is also the chain's link count (1-based, no gaps). */
export interface ChainHead {
  readonly keyId: string;
  readonly writerRegion: string;
  readonly sequence: number;
  readonly hash: string;
}

export const AUDIT_DIGEST_VERSION = 1;

/** The signed part of a digest; the heads themselves are stored beside it, bound by `headsHash`. */
export interface AuditDigestBody {
  readonly version: number;
  /** The control-plane Region whose chains this digest covers (one digest series per writer Region). */
  readonly writerRegion: string;
  /** 1-based position in the writer Region's digest series. */
  readonly sequence: number;
  readonly createdAt: string;
  /** `digestHash` of the previous digest; GENESIS_HASH for the first. */
  readonly previousDigestHash: string;
  readonly chainCount: number;
  /** SHA-256 of the canonical JSON of the heads, ordered by key id then writer Region. */
  readonly headsHash: string;
}

export interface DigestSignature {
  /** The KMS key that signed (its ARN). */
  readonly keyArn: string;
  readonly algorithm: string;
  /** Base64 of the signature KMS returned (DER for ECDSA). */
  readonly value: string;
}

export interface UnsignedAuditDigest extends AuditDigestBody {
  /** SHA-256 of the canonical JSON of the body: what the next digest links to. */
  readonly digestHash: string;
}

export interface AuditDigest extends UnsignedAuditDigest {
  readonly signature: DigestSignature;
}

export function chainKeyOf(head: Pick<ChainHead, 'keyId' | 'writerRegion'>): string {
  return `${head.keyId}#${head.writerRegion}`;
}

export function sortHeads(heads: readonly ChainHead[]): ChainHead[] {
  return [...heads].sort((a, b) => {
    if (a.keyId !== b.keyId) return a.keyId < b.keyId ? -1 : 1;
    if (a.writerRegion !== b.writerRegion) return a.writerRegion < b.writerRegion ? -1 : 1;
    return 0;
  });
}

export function hashHeads(heads: readonly ChainHead[]): string {
  return sha256Hex(
    canonicalJson(
      sortHeads(heads).map(({ keyId, writerRegion, sequence, hash }) => ({
        keyId,
        writerRegion,
        sequence,
        hash,
      })),
    ),
  );
}

/** The exact text KMS signs: the canonical JSON of the body (a few hundred bytes, under Sign's 4 KB). */
export function digestSigningMessage(digest: AuditDigestBody): string {
  const { version, writerRegion, sequence, createdAt, previousDigestHash, chainCount, headsHash } = digest;
  return canonicalJson({
    version,
    writerRegion,
    sequence,
    createdAt,
    previousDigestHash,
    chainCount,
    headsHash,
  });
}

export function hashDigest(digest: AuditDigestBody): string {
  return sha256Hex(digestSigningMessage(digest));
}

/** The digest that follows `previous` in `writerRegion`'s series, over `heads` (chains of that Region). */
export function buildAuditDigest(
  previous: UnsignedAuditDigest | undefined,
  heads: readonly ChainHead[],
  options: { readonly writerRegion: string; readonly createdAt: string },
): UnsignedAuditDigest {
  const foreign = heads.find((head) => head.writerRegion !== options.writerRegion);
  if (foreign !== undefined) {
    throw new Error(`Chain ${chainKeyOf(foreign)} is not written by ${options.writerRegion}`);
  }
  if (previous !== undefined && previous.writerRegion !== options.writerRegion) {
    throw new Error(`The previous digest belongs to ${previous.writerRegion}, not ${options.writerRegion}`);
  }
  const body: AuditDigestBody = {
    version: AUDIT_DIGEST_VERSION,
    writerRegion: options.writerRegion,
    sequence: previous === undefined ? 1 : previous.sequence + 1,
    createdAt: options.createdAt,
    previousDigestHash: previous === undefined ? GENESIS_HASH : previous.digestHash,
    chainCount: heads.length,
    headsHash: hashHeads(heads),
  };
  return { ...body, digestHash: hashDigest(body) };
}

export type DigestProblemKind =
  /** Chains exist but no digest anchors them (digests never written, or all removed). */
  | 'NoDigest'
  /** The newest digest is older than the schedule allows: the latest digests were removed or none is written. */
  | 'DigestStale'
  /** A digest's fields no longer hash to its digestHash. */
  | 'DigestAltered'
  /** The signature does not verify with the control plane's digest key (forged, or signed by another key). */
  | 'DigestSignatureInvalid'
  /** A gap in the series or a broken link to the previous digest: a digest was removed or replaced. */
  | 'DigestMissing'
  /** (Warning) Two consecutive digests further apart than the schedule allows. */
  | 'DigestGap'
  /** The stored heads of the newest digest do not match its signed headsHash. */
  | 'DigestHeadsAltered'
  /** A chain no longer reaches the head the newest digest recorded: its tail was cut (or the chain deleted). */
  | 'ChainCut'
  /** The link at the recorded head exists with another hash: the chain was rewritten. */
  | 'ChainRewritten';

export interface DigestProblem {
  readonly kind: DigestProblemKind;
  readonly message: string;
  readonly digestSequence?: number | undefined;
  readonly keyId?: string | undefined;
  readonly writerRegion?: string | undefined;
  readonly recordedSequence?: number | undefined;
}

export type SignatureCheck = 'Valid' | 'Invalid';

export interface DigestVerificationInput {
  readonly writerRegion: string;
  /** The series as stored, any order. */
  readonly digests: readonly AuditDigest[];
  /** The signature check of each digest, by digest sequence (made by the caller through KMS). */
  readonly signatures: ReadonlyMap<number, SignatureCheck>;
  /** The heads stored with the newest digest. */
  readonly latestHeads: readonly ChainHead[];
  /** For each recorded head in scope (by chainKeyOf): the link now stored at that sequence, if any. */
  readonly linksAtHeads: ReadonlyMap<string, { readonly hash: string } | undefined>;
  /** Only heads of this key are checked against their chains (per-key verification); default: every head. */
  readonly keyId?: string | undefined;
  /** Whether chains in scope exist at all (NoDigest is a problem only then). */
  readonly chainsExist: boolean;
  readonly now: string;
  /** The oldest the newest digest may be (about two schedule periods). */
  readonly maxAgeMs: number;
  /**
   * The digests given are the newest window of a longer series: the first one's link to its predecessor
   * is taken as given (its signature is still checked). Default: the series must start at digest 1.
   */
  readonly windowed?: boolean | undefined;
}

export interface DigestVerification {
  readonly valid: boolean;
  readonly digestCount: number;
  readonly latest?:
    | { readonly sequence: number; readonly createdAt: string; readonly chainCount: number }
    | undefined;
  /** The recorded heads in scope that were checked against their chains. */
  readonly checkedHeads: number;
  /** What makes the trail fail verification. */
  readonly problems: readonly DigestProblem[];
  /**
   * What an operator should look at without failing verification: a gap in time between two digests
   * (the schedule did not run, the stack was stopped, or the newest digest was removed and written again).
   */
  readonly warnings: readonly DigestProblem[];
}

/**
 * Checks a writer Region's digest series and its chains against the newest digest. Pure: the caller reads
 * the digests, checks each signature through KMS, and reads the link at each recorded head.
 */
export function verifyAuditDigests(input: DigestVerificationInput): DigestVerification {
  const problems: DigestProblem[] = [];
  const warnings: DigestProblem[] = [];
  const digests = [...input.digests].sort((a, b) => a.sequence - b.sequence);
  const latest = digests[digests.length - 1];
  if (latest === undefined) {
    if (input.chainsExist) {
      problems.push({
        kind: 'NoDigest',
        writerRegion: input.writerRegion,
        message: `No signed digest anchors the audit chains of ${input.writerRegion}`,
      });
    }
    return { valid: problems.length === 0, digestCount: 0, checkedHeads: 0, problems, warnings };
  }
  const first = digests[0] as AuditDigest;
  let expectedSequence = input.windowed ? first.sequence : 1;
  let expectedPrevious = input.windowed ? first.previousDigestHash : GENESIS_HASH;
  for (const digest of digests) {
    const previous = digests[digests.indexOf(digest) - 1];
    const where = { digestSequence: digest.sequence, writerRegion: digest.writerRegion };
    if (digest.sequence !== expectedSequence) {
      problems.push({
        kind: 'DigestMissing',
        ...where,
        message: `Digest ${expectedSequence}${digest.sequence - 1 > expectedSequence ? `..${digest.sequence - 1}` : ''} of ${input.writerRegion} is missing (found ${digest.sequence} next)`,
      });
    } else if (digest.previousDigestHash !== expectedPrevious) {
      problems.push({
        kind: 'DigestMissing',
        ...where,
        message: `Digest ${digest.sequence} of ${input.writerRegion} does not link to digest ${digest.sequence - 1}: a digest was replaced`,
      });
    } else if (
      previous !== undefined &&
      Date.parse(digest.createdAt) - Date.parse(previous.createdAt) > input.maxAgeMs
    ) {
      warnings.push({
        kind: 'DigestGap',
        ...where,
        message: `No digest of ${input.writerRegion} between ${previous.createdAt} and ${digest.createdAt} (digests ${previous.sequence} and ${digest.sequence}): digests were removed and rewritten, or not written on schedule`,
      });
    }
    if (hashDigest(digest) !== digest.digestHash) {
      problems.push({
        kind: 'DigestAltered',
        ...where,
        message: `Digest ${digest.sequence} of ${input.writerRegion} was altered: its fields do not match its hash`,
      });
    }
    if (input.signatures.get(digest.sequence) !== 'Valid') {
      problems.push({
        kind: 'DigestSignatureInvalid',
        ...where,
        message: `Digest ${digest.sequence} of ${input.writerRegion} has no valid signature of the control plane's digest key`,
      });
    }
    expectedSequence = digest.sequence + 1;
    expectedPrevious = digest.digestHash;
  }
  const age = Date.parse(input.now) - Date.parse(latest.createdAt);
  if (!(age <= input.maxAgeMs)) {
    problems.push({
      kind: 'DigestStale',
      digestSequence: latest.sequence,
      writerRegion: input.writerRegion,
      message: `The newest digest of ${input.writerRegion} (${latest.sequence}, ${latest.createdAt}) is older than ${Math.round(input.maxAgeMs / 60_000)} minutes: later digests were removed or none is being written`,
    });
  }
  if (hashHeads(input.latestHeads) !== latest.headsHash || input.latestHeads.length !== latest.chainCount) {
    problems.push({
      kind: 'DigestHeadsAltered',
      digestSequence: latest.sequence,
      writerRegion: input.writerRegion,
      message: `The chain heads stored with digest ${latest.sequence} of ${input.writerRegion} do not match its signed hash`,
    });
  }
  const inScope = input.latestHeads.filter((head) => input.keyId === undefined || head.keyId === input.keyId);
  for (const head of inScope) {
    const link = input.linksAtHeads.get(chainKeyOf(head));
    const where = {
      digestSequence: latest.sequence,
      keyId: head.keyId,
      writerRegion: head.writerRegion,
      recordedSequence: head.sequence,
    };
    if (link === undefined) {
      problems.push({
        kind: 'ChainCut',
        ...where,
        message: `The audit chain of ${head.keyId} (${head.writerRegion}) no longer reaches sequence ${head.sequence}, the head digest ${latest.sequence} recorded: its tail was cut`,
      });
    } else if (link.hash !== head.hash) {
      problems.push({
        kind: 'ChainRewritten',
        ...where,
        message: `The audit chain of ${head.keyId} (${head.writerRegion}) holds another link at sequence ${head.sequence} than digest ${latest.sequence} recorded: it was rewritten`,
      });
    }
  }
  return {
    valid: problems.length === 0,
    digestCount: digests.length,
    latest: { sequence: latest.sequence, createdAt: latest.createdAt, chainCount: latest.chainCount },
    checkedHeads: inScope.length,
    problems,
    warnings,
  };
}
