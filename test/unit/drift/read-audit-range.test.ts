import { describe, expect, it } from 'vitest';
import { readAuditRange } from '../../../src/app/drift/read-audit-range.js';
import { InMemoryAuditLog } from '../../../src/core/fakes/in-memory-audit-log.js';

const KEY = 'mrk-0123456789abcdef0123456789abcdef';

async function seeded(): Promise<InMemoryAuditLog> {
  const audit = new InMemoryAuditLog();
  const times = [
    '2026-01-01T23:00:00.000Z',
    '2026-01-02T01:00:00.000Z',
    '2026-01-02T02:00:00.000Z',
    '2026-01-03T05:00:00.000Z',
  ];
  for (const [index, at] of times.entries()) {
    await audit.append({
      eventId: `e-${index}`,
      keyId: KEY,
      writerRegion: 'us-east-1',
      at,
      actor: index % 2 === 0 ? 'alice' : 'system:drift-scan',
      action: 'X',
      region: index === 2 ? 'eu-west-1' : undefined,
      requestId: 'r',
      result: 'Succeeded',
    });
  }
  return audit;
}

describe('readAuditRange', () => {
  it('reads across days in pages, within the range, with one token', async () => {
    const audit = await seeded();
    const query = { from: '2026-01-01T22:00:00Z', to: '2026-01-03T04:00:00Z', limit: 2 };
    const first = await readAuditRange(audit, query);
    expect(first.items.map((event) => event.eventId)).toEqual(['e-0', 'e-1']);
    const second = await readAuditRange(audit, { ...query, nextToken: first.nextToken });
    expect(second.items.map((event) => event.eventId)).toEqual(['e-2']);
    expect(second.nextToken).toBeUndefined();
  });

  it('filters by actor and Region, and refuses bad ranges and forged tokens', async () => {
    const audit = await seeded();
    const all = { from: '2026-01-01T00:00:00Z', to: '2026-01-04T00:00:00Z', limit: 10 };
    expect(
      (await readAuditRange(audit, { ...all, actor: 'alice' })).items.map((event) => event.eventId),
    ).toEqual(['e-0', 'e-2']);
    expect(
      (await readAuditRange(audit, { ...all, region: 'eu-west-1' })).items.map((event) => event.eventId),
    ).toEqual(['e-2']);
    await expect(readAuditRange(audit, { ...all, from: all.to, to: all.from })).rejects.toMatchObject({
      code: 'ValidationError',
    });
    await expect(readAuditRange(audit, { ...all, to: '2026-03-01T00:00:00Z' })).rejects.toMatchObject({
      code: 'ValidationError',
    });
    await expect(readAuditRange(audit, { ...all, nextToken: 'forged' })).rejects.toMatchObject({
      code: 'ValidationError',
    });
  });
});
