import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerKey, toAuditItem } from '../../../src/adapters/aws/dynamodb/audit-item.js';
import { auditEventId, nextAuditEvent } from '../../../src/core/audit/audit-chain.js';
import { verifyAuditChains } from '../../../src/core/audit/verify-audit-chains.js';
import type { AuditEvent, AuditEventInput } from '../../../src/core/model/audit-event.js';
import { KEY_ID, NOW } from '../../unit/core/fixtures.js';
import { type StoreFixture, startStore } from './store-fixture.js';

let store: StoreFixture;
beforeAll(async () => {
  store = await startStore();
});
afterAll(async () => {
  await store.close();
});

function input(operationId: string, step: string, overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    eventId: auditEventId(operationId, step),
    keyId: KEY_ID,
    writerRegion: 'us-east-1',
    at: NOW,
    actor: 'alice',
    action: 'ReplicateKey',
    region: 'eu-west-1',
    requestId: 'req-1',
    operationId,
    result: 'Succeeded',
    details: { regions: ['eu-west-1'], attempt: 1 },
    ...overrides,
  };
}

async function readWholeChain(keyId: string, writerRegion: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await store.audit.readChain(keyId, writerRegion, { limit: 1000, nextToken });
    events.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

describe('DynamoAuditLog', () => {
  it('appends linked events; appending the same event id again is a no-op', async () => {
    const first = await store.audit.append(input('op-1', 'lock'));
    const second = await store.audit.append(input('op-1', 'replicate:eu-west-1'));
    const again = await store.audit.append(input('op-1', 'lock', { actor: 'someone-else' }));
    expect(again).toEqual(first);
    expect(second).toMatchObject({ sequence: 2, prevHash: first.hash });
    const chain = await readWholeChain(KEY_ID, 'us-east-1');
    expect(chain).toEqual([first, second]);
    expect(verifyAuditChains(chain).valid).toBe(true);
  });

  it('keeps one gap-free chain under concurrent appends from parallel workflow branches', async () => {
    const keyId = 'mrk-11111111111111111111111111111111';
    const regions = ['eu-west-1', 'eu-central-1', 'ap-southeast-2', 'us-west-2', 'us-east-2', 'ca-central-1'];
    await Promise.all(
      regions.map((region) => store.audit.append(input('op-par', `replicate:${region}`, { keyId, region }))),
    );
    // Retries after the first attempts landed: nothing new.
    await Promise.all(
      regions.map((region) => store.audit.append(input('op-par', `replicate:${region}`, { keyId, region }))),
    );
    const chain = await readWholeChain(keyId, 'us-east-1');
    expect(chain.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(chain.map((event) => event.region))).toEqual(new Set(regions));
    expect(verifyAuditChains(chain).valid).toBe(true);
  });

  it('finds its own event after a crash between writing the link and its marker', async () => {
    const keyId = 'mrk-44444444444444444444444444444444';
    const landed = await store.audit.append(input('op-crash', 'replicate:eu-west-1', { keyId }));
    await store.table.delete({ Key: markerKey(landed.eventId) });
    await store.audit.append(input('op-other', 'tag', { keyId }));
    expect(await store.audit.append(input('op-crash', 'replicate:eu-west-1', { keyId }))).toEqual(landed);
    expect(await readWholeChain(keyId, 'us-east-1')).toHaveLength(2);
  });

  it('verifies a 10,000-event chain read back page by page, and finds a tampered event', async () => {
    const keyId = 'mrk-22222222222222222222222222222222';
    const events: AuditEvent[] = [];
    let prev: AuditEvent | undefined;
    for (let i = 0; i < 10_000; i++) {
      const at = new Date(Date.parse(NOW) + i * 1000).toISOString();
      prev = nextAuditEvent(prev, input('op-bulk', `step-${i}`, { keyId, at }));
      events.push(prev);
    }
    const items = events.map(toAuditItem);
    const batches = Array.from({ length: items.length / 25 }, (_, i) => items.slice(i * 25, i * 25 + 25));
    for (let i = 0; i < batches.length; i += 16)
      await Promise.all(batches.slice(i, i + 16).map((b) => store.table.batchPut(b)));

    const chain = await readWholeChain(keyId, 'us-east-1');
    expect(chain).toHaveLength(10_000);
    const verified = verifyAuditChains(chain);
    expect(verified).toMatchObject({ valid: true, brokenCount: 0 });
    expect(verified.chains).toEqual([
      { keyId, writerRegion: 'us-east-1', length: 10_000, firstSequence: 1, headHash: events[9999]!.hash },
    ]);

    const tampered = { ...toAuditItem(events[6123]!), actor: 'mallory' };
    await store.table.put({ Item: tampered });
    const after = verifyAuditChains(await readWholeChain(keyId, 'us-east-1'));
    expect(after.valid).toBe(false);
    expect(after.firstBroken).toMatchObject({
      sequence: 6124,
      reason: 'HashMismatch',
      eventId: 'op-bulk/step-6123',
    });
  });

  it('lists one key across writer Regions and the fleet by day', async () => {
    const keyId = 'mrk-33333333333333333333333333333333';
    await store.audit.append(
      input('op-a', 'x', { keyId, writerRegion: 'us-east-1', at: '2026-03-01T10:00:00.000Z' }),
    );
    await store.audit.append(
      input('op-b', 'x', { keyId, writerRegion: 'eu-west-1', at: '2026-03-01T09:00:00.000Z' }),
    );
    await store.audit.append(
      input('op-c', 'x', { keyId, writerRegion: 'us-east-1', at: '2026-03-02T08:00:00.000Z' }),
    );
    const byKey = await store.audit.listByKey(keyId);
    expect(byKey.items.map((event) => event.eventId)).toEqual(['op-b/x', 'op-a/x', 'op-c/x']);
    expect(verifyAuditChains(byKey.items).valid).toBe(true);
    const day = await store.audit.listByDay('2026-03-01');
    expect(day.items.map((event) => event.eventId)).toEqual(['op-b/x', 'op-a/x']);
    await expect(store.audit.listByDay('2026-3-1')).rejects.toMatchObject({ code: 'ValidationError' });
  });
});
