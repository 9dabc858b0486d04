// Signed audit digests, pure: building a series, and every way verification must fail (cut, forged, removed).
import { describe, expect, it } from 'vitest';
import {
  type AuditDigest,
  buildAuditDigest,
  type ChainHead,
  chainKeyOf,
  type DigestVerificationInput,
  digestSigningMessage,
  hashHeads,
  verifyAuditDigests,
} from '../../../src/core/audit/audit-digest.js';
import { GENESIS_HASH } from '../../../src/core/model/audit-event.js';
import { KEY_ID, OTHER_KEY_ID } from './fixtures.js';

const REGION = 'us-east-1';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const HOUR = 3_600_000;
const hash = (n: number) => n.toString(16).padStart(64, '0');

function head(keyId: string, sequence: number): ChainHead {
  return { keyId, writerRegion: REGION, sequence, hash: hash(sequence * 7 + keyId.length) };
}

/** A series of `count` hourly digests over the given heads per digest, signed with a fake signature. */
function series(headsPerDigest: readonly ChainHead[][]): AuditDigest[] {
  const digests: AuditDigest[] = [];
  headsPerDigest.forEach((heads, index) => {
    const unsigned = buildAuditDigest(digests[index - 1], heads, {
      writerRegion: REGION,
      createdAt: new Date(T0 + index * HOUR).toISOString(),
    });
    digests.push({ ...unsigned, signature: { keyArn: 'k', algorithm: 'ECDSA_SHA_256', value: 'sig' } });
  });
  return digests;
}

function input(
  digests: AuditDigest[],
  overrides: Partial<DigestVerificationInput> = {},
): DigestVerificationInput {
  const latest = digests[digests.length - 1];
  const latestHeads = latest === undefined ? [] : HEADS[latest.sequence - 1]!;
  return {
    writerRegion: REGION,
    digests,
    signatures: new Map(digests.map((digest) => [digest.sequence, 'Valid'])),
    latestHeads,
    linksAtHeads: new Map(latestHeads.map((item) => [chainKeyOf(item), { hash: item.hash }])),
    chainsExist: true,
    now: new Date(T0 + (digests.length - 1) * HOUR + 60_000).toISOString(),
    maxAgeMs: 95 * 60_000,
    ...overrides,
  };
}

const HEADS: ChainHead[][] = [
  [head(KEY_ID, 1)],
  [head(KEY_ID, 3), head(OTHER_KEY_ID, 1)],
  [head(OTHER_KEY_ID, 2), head(KEY_ID, 5)],
];

describe('buildAuditDigest', () => {
  it('numbers the series from 1, links each digest to the previous one and binds the heads in any order', () => {
    const [first, second, third] = series(HEADS);
    expect(first).toMatchObject({ sequence: 1, previousDigestHash: GENESIS_HASH, chainCount: 1 });
    expect(second).toMatchObject({ sequence: 2, previousDigestHash: first!.digestHash, chainCount: 2 });
    expect(third!.previousDigestHash).toBe(second!.digestHash);
    expect(hashHeads([...HEADS[2]!].reverse())).toBe(third!.headsHash);
    expect(JSON.parse(digestSigningMessage(third!))).toEqual({
      version: 1,
      writerRegion: REGION,
      sequence: 3,
      createdAt: third!.createdAt,
      previousDigestHash: second!.digestHash,
      chainCount: 2,
      headsHash: third!.headsHash,
    });
  });

  it("refuses heads of another writer Region's chains", () => {
    expect(() =>
      buildAuditDigest(undefined, [{ ...head(KEY_ID, 1), writerRegion: 'eu-west-1' }], {
        writerRegion: REGION,
        createdAt: new Date(T0).toISOString(),
      }),
    ).toThrow(/not written by us-east-1/);
  });
});

describe('verifyAuditDigests', () => {
  it('a clean series whose chains reach the recorded heads verifies', () => {
    const result = verifyAuditDigests(input(series(HEADS)));
    expect(result).toMatchObject({
      valid: true,
      digestCount: 3,
      checkedHeads: 2,
      problems: [],
      warnings: [],
    });
    expect(result.latest).toMatchObject({ sequence: 3, chainCount: 2 });
  });

  it('a cut tail (the recorded head is gone) is ChainCut naming the chain', () => {
    const digests = series(HEADS);
    const result = verifyAuditDigests(
      input(digests, {
        linksAtHeads: new Map([
          [chainKeyOf(head(KEY_ID, 5)), undefined],
          [chainKeyOf(head(OTHER_KEY_ID, 2)), { hash: head(OTHER_KEY_ID, 2).hash }],
        ]),
      }),
    );
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ kind: 'ChainCut', keyId: KEY_ID, writerRegion: REGION, recordedSequence: 5 }),
    ]);
    expect(result.problems[0]?.message).toContain(KEY_ID);
  });

  it('another link at the recorded head is ChainRewritten', () => {
    const links = new Map(HEADS[2]!.map((item) => [chainKeyOf(item), { hash: item.hash }]));
    links.set(chainKeyOf(head(OTHER_KEY_ID, 2)), { hash: hash(999) });
    const result = verifyAuditDigests(input(series(HEADS), { linksAtHeads: links }));
    expect(result.problems.map((problem) => [problem.kind, problem.keyId])).toEqual([
      ['ChainRewritten', OTHER_KEY_ID],
    ]);
  });

  it('per key, only that key’s recorded heads are checked', () => {
    const result = verifyAuditDigests(
      input(series(HEADS), {
        keyId: OTHER_KEY_ID,
        linksAtHeads: new Map([[chainKeyOf(head(OTHER_KEY_ID, 2)), { hash: head(OTHER_KEY_ID, 2).hash }]]),
      }),
    );
    expect(result).toMatchObject({ valid: true, checkedHeads: 1 });
  });

  it('an altered digest field is DigestAltered, and breaks the link of the next one', () => {
    const digests = series(HEADS);
    digests[1] = { ...digests[1]!, chainCount: 1 };
    const result = verifyAuditDigests(input(digests));
    expect(result.problems.map((problem) => [problem.kind, problem.digestSequence])).toEqual([
      ['DigestAltered', 2],
    ]);
  });

  it('a re-hashed forgery keeps the hash but fails its signature, and no longer links', () => {
    const digests = series(HEADS);
    const forged = buildAuditDigest(digests[0], [head(KEY_ID, 2), head(OTHER_KEY_ID, 1)], {
      writerRegion: REGION,
      createdAt: digests[1]!.createdAt,
    });
    digests[1] = { ...forged, signature: digests[1]!.signature };
    const signatures = new Map(
      digests.map((digest) => [digest.sequence, digest === digests[1] ? 'Invalid' : 'Valid'] as const),
    );
    const result = verifyAuditDigests(input(digests, { signatures }));
    expect(result.problems.map((problem) => [problem.kind, problem.digestSequence])).toEqual([
      ['DigestSignatureInvalid', 2],
      ['DigestMissing', 3],
    ]);
  });

  it('a removed digest in the middle is DigestMissing', () => {
    const digests = series(HEADS);
    const result = verifyAuditDigests(input([digests[0]!, digests[2]!]));
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'DigestMissing', digestSequence: 3 })]);
    expect(result.problems[0]?.message).toMatch(/Digest 2 of us-east-1 is missing/);
  });

  it('removing the newest digests leaves a stale newest digest: DigestStale', () => {
    const digests = series(HEADS);
    const result = verifyAuditDigests(
      input(digests.slice(0, 1), {
        latestHeads: HEADS[0]!,
        now: new Date(T0 + 2 * HOUR + 60_000).toISOString(),
      }),
    );
    expect(result.problems.map((problem) => problem.kind)).toEqual(['DigestStale']);
  });

  it('removing the newest digest and writing it again later leaves a gap in time: a DigestGap warning', () => {
    const digests = series([HEADS[0]!, HEADS[1]!]);
    const late = buildAuditDigest(digests[0], HEADS[1]!, {
      writerRegion: REGION,
      createdAt: new Date(T0 + 2 * HOUR).toISOString(),
    });
    const result = verifyAuditDigests(
      input([digests[0]!, { ...late, signature: digests[1]!.signature }], {
        latestHeads: HEADS[1]!,
        linksAtHeads: new Map(HEADS[1]!.map((item) => [chainKeyOf(item), { hash: item.hash }])),
        now: new Date(T0 + 2 * HOUR).toISOString(),
      }),
    );
    expect(result).toMatchObject({ valid: true, problems: [] });
    expect(result.warnings.map((warning) => [warning.kind, warning.digestSequence])).toEqual([
      ['DigestGap', 2],
    ]);
  });

  it('heads stored beside the newest digest that do not match its signed hash: DigestHeadsAltered', () => {
    const digests = series(HEADS);
    const lowered = [head(KEY_ID, 4), head(OTHER_KEY_ID, 2)];
    const result = verifyAuditDigests(
      input(digests, {
        latestHeads: lowered,
        linksAtHeads: new Map(lowered.map((item) => [chainKeyOf(item), { hash: item.hash }])),
      }),
    );
    expect(result.problems.map((problem) => problem.kind)).toEqual(['DigestHeadsAltered']);
  });

  it('chains but no digest at all: NoDigest; nothing at all: valid', () => {
    expect(verifyAuditDigests(input([])).problems.map((problem) => problem.kind)).toEqual(['NoDigest']);
    expect(verifyAuditDigests(input([], { chainsExist: false })).valid).toBe(true);
  });

  it('a window of the newest digests takes the first one’s link as given', () => {
    const digests = series(HEADS);
    expect(verifyAuditDigests(input(digests.slice(1), { windowed: true })).valid).toBe(true);
    expect(verifyAuditDigests(input(digests.slice(1))).problems.map((problem) => problem.kind)).toEqual([
      'DigestMissing',
    ]);
  });
});
