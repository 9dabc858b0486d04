// The digest use cases with the in-memory fakes, and GET /keys/{id}/audit?verify=true carrying their answer.
import { describe, expect, it } from 'vitest';
import { createAuditApiHandler } from '../../../src/app/api/handlers/audit-api-handler.js';
import type { AuditAnchors } from '../../../src/app/audit/audit-anchors.js';
import { verifyAuditAnchors } from '../../../src/app/audit/verify-audit-anchors.js';
import { writeAuditDigest } from '../../../src/app/audit/write-audit-digest.js';
import { auditEventId } from '../../../src/core/audit/audit-chain.js';
import { FixedClock } from '../../../src/core/fakes/fixed-clock.js';
import { InMemoryAuditDigestStore } from '../../../src/core/fakes/in-memory-audit-digest-store.js';
import { InMemoryAuditLog } from '../../../src/core/fakes/in-memory-audit-log.js';
import { InMemoryDigestSigner } from '../../../src/core/fakes/in-memory-digest-signer.js';
import { fakeDeps } from '../api/helpers/fake-deps.js';
import { forKey } from '../api/helpers/sample-events.js';
import { seedKey } from '../api/helpers/seed.js';
import { KEY_ID } from '../core/fixtures.js';

const HOUR = 3_600_000;

function anchorsOver(
  audit: InMemoryAuditLog,
  clock: FixedClock,
): AuditAnchors & { store: InMemoryAuditDigestStore } {
  return {
    store: new InMemoryAuditDigestStore(audit),
    signer: new InMemoryDigestSigner(),
    clock,
    writerRegion: 'us-east-1',
    intervalMs: HOUR,
  };
}

let appended = 0;

async function append(audit: InMemoryAuditLog, keyId: string, count: number, at: string): Promise<void> {
  for (let step = 0; step < count; step++) {
    await audit.append({
      eventId: auditEventId(`op-${keyId}`, `s-${++appended}`),
      keyId,
      writerRegion: 'us-east-1',
      at,
      actor: 'alice',
      action: 'UpdateProperties',
      requestId: 'r',
      result: 'Succeeded',
    });
  }
}

describe('writeAuditDigest and verifyAuditAnchors', () => {
  it('anchors every chain, and a later cut of a tail is named', async () => {
    const clock = new FixedClock();
    const audit = new InMemoryAuditLog();
    const anchors = anchorsOver(audit, clock);
    await append(audit, KEY_ID, 3, clock.now().toISOString());
    await append(audit, 'api', 1, clock.now().toISOString());
    expect(await writeAuditDigest(anchors)).toMatchObject({ sequence: 1, chainCount: 2, stored: true });
    expect(await verifyAuditAnchors(anchors)).toMatchObject({ valid: true, checkedHeads: 2 });
    audit.cutTail(KEY_ID, 'us-east-1', 1);
    const result = await verifyAuditAnchors(anchors);
    expect(result.problems).toEqual([
      expect.objectContaining({ kind: 'ChainCut', keyId: KEY_ID, recordedSequence: 3 }),
    ]);
    // New links after the cut do not hide it: the link at the recorded head now has another hash.
    await append(audit, KEY_ID, 1, clock.now().toISOString());
    expect((await verifyAuditAnchors(anchors)).problems.map((problem) => problem.kind)).toEqual([
      'ChainRewritten',
    ]);
  });

  it('a digest signed by another key fails its signature check', async () => {
    const clock = new FixedClock();
    const audit = new InMemoryAuditLog();
    const anchors = anchorsOver(audit, clock);
    await append(audit, KEY_ID, 1, clock.now().toISOString());
    await writeAuditDigest({ ...anchors, signer: new InMemoryDigestSigner() });
    expect((await verifyAuditAnchors(anchors)).problems.map((problem) => problem.kind)).toEqual([
      'DigestSignatureInvalid',
    ]);
  });
});

describe('GET /keys/{keyId}/audit?verify=true with the anchors', () => {
  it('valid only when the hash links and the digests both hold; the digests are in the answer', async () => {
    const deps = fakeDeps();
    const key = await seedKey(deps);
    const clock = new FixedClock(deps.clock.now());
    const anchors = anchorsOver(deps.audit, clock);
    await append(deps.audit, key.keyId, 2, clock.now().toISOString());
    await writeAuditDigest(anchors);
    const handler = createAuditApiHandler({ ...deps, auditAnchors: anchors } as typeof deps);
    const event = () => forKey('get-key-audit', key.keyId, { query: { verify: 'true', limit: '100' } });
    const clean = JSON.parse((await handler(event())).body);
    expect(clean.verification).toMatchObject({
      valid: true,
      brokenCount: 0,
      digests: { valid: true, digestCount: 1, problems: [], warnings: [] },
    });
    const chain = await deps.audit.readChain(key.keyId, 'us-east-1');
    deps.audit.cutTail(key.keyId, 'us-east-1', 1);
    const cut = JSON.parse((await handler(event())).body);
    expect(cut.verification).toMatchObject({ valid: false, brokenCount: 0, digests: { valid: false } });
    expect(cut.verification.digests.problems).toEqual([
      expect.objectContaining({ kind: 'ChainCut', keyId: key.keyId, recordedSequence: chain.items.length }),
    ]);
  });
});
