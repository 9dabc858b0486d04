// Verifying audit chains: group by (keyId, writer Region), check every link, merge by time, name the first break.
import { type AuditEvent, GENESIS_HASH } from '../model/audit-event.js';
import { hashAuditEvent } from './audit-chain.js';

export type BrokenLinkReason = 'HashMismatch' | 'PrevHashMismatch' | 'SequenceGap' | 'DuplicateSequence';

export interface BrokenLink {
  readonly keyId: string;
  readonly writerRegion: string;
  readonly sequence: number;
  readonly eventId: string;
  readonly at: string;
  readonly reason: BrokenLinkReason;
}

export interface ChainSummary {
  readonly keyId: string;
  readonly writerRegion: string;
  readonly length: number;
  readonly firstSequence: number;
  readonly headHash: string;
}

export interface AuditVerification {
  readonly valid: boolean;
  readonly chains: readonly ChainSummary[];
  /** The earliest broken link across all chains (by time, then Region, then sequence). */
  readonly firstBroken?: BrokenLink | undefined;
  readonly brokenCount: number;
  /** Every event of every chain, merged by time (ties: writer Region, then sequence). */
  readonly timeline: readonly AuditEvent[];
}

export interface VerifyOptions {
  /**
   * Hash of the event before the first one given, per chain key `${keyId}#${writerRegion}`, when a
   * caller verifies a window of a chain. Without an anchor a chain must start at sequence 1.
   */
  readonly anchors?: Readonly<Record<string, { readonly sequence: number; readonly hash: string }>>;
}

/** Checks every chain found in `events` (any order, any mix of keys and Regions). */
export function verifyAuditChains(
  events: readonly AuditEvent[],
  options: VerifyOptions = {},
): AuditVerification {
  const chains = new Map<string, AuditEvent[]>();
  for (const event of events) {
    const key = `${event.keyId}#${event.writerRegion}`;
    const chain = chains.get(key);
    if (chain) chain.push(event);
    else chains.set(key, [event]);
  }
  const summaries: ChainSummary[] = [];
  const broken: BrokenLink[] = [];
  for (const [key, chain] of chains) {
    chain.sort((a, b) => a.sequence - b.sequence);
    checkChain(chain, options.anchors?.[key], broken);
    const head = chain[chain.length - 1]!;
    summaries.push({
      keyId: head.keyId,
      writerRegion: head.writerRegion,
      length: chain.length,
      firstSequence: chain[0]!.sequence,
      headHash: head.hash,
    });
  }
  broken.sort(compareLinks);
  return {
    valid: broken.length === 0,
    chains: summaries.sort((a, b) =>
      `${a.keyId}#${a.writerRegion}`.localeCompare(`${b.keyId}#${b.writerRegion}`),
    ),
    firstBroken: broken[0],
    brokenCount: broken.length,
    timeline: [...events].sort(compareLinks),
  };
}

// Stops at the first break of a chain: every later link inherits it, so reporting more adds noise.
function checkChain(
  chain: readonly AuditEvent[],
  anchor: { readonly sequence: number; readonly hash: string } | undefined,
  broken: BrokenLink[],
): void {
  let expectedSequence = anchor === undefined ? 1 : anchor.sequence + 1;
  let expectedPrev = anchor === undefined ? GENESIS_HASH : anchor.hash;
  for (const event of chain) {
    const reason =
      event.sequence < expectedSequence
        ? 'DuplicateSequence'
        : event.sequence > expectedSequence
          ? 'SequenceGap'
          : hashAuditEvent(event) !== event.hash
            ? 'HashMismatch'
            : event.prevHash !== expectedPrev
              ? 'PrevHashMismatch'
              : undefined;
    if (reason !== undefined) {
      broken.push(linkOf(event, reason));
      return;
    }
    expectedSequence = event.sequence + 1;
    expectedPrev = event.hash;
  }
}

function linkOf(event: AuditEvent, reason: BrokenLinkReason): BrokenLink {
  const { keyId, writerRegion, sequence, eventId, at } = event;
  return { keyId, writerRegion, sequence, eventId, at, reason };
}

function compareLinks(
  a: Pick<AuditEvent, 'at' | 'writerRegion' | 'sequence' | 'keyId'>,
  b: Pick<AuditEvent, 'at' | 'writerRegion' | 'sequence' | 'keyId'>,
): number {
  const byTime = Date.parse(a.at) - Date.parse(b.at);
  if (byTime !== 0) return byTime;
  if (a.keyId !== b.keyId) return a.keyId < b.keyId ? -1 : 1;
  if (a.writerRegion !== b.writerRegion) return a.writerRegion < b.writerRegion ? -1 : 1;
  return a.sequence - b.sequence;
}
