import { describe, expect, it } from 'vitest';
import { KmsRateLimiter } from '../../../src/adapters/aws/kms/kms-rate-limiter.js';

/** A manual clock: timers run when time is advanced past them. */
function manualTime() {
  let now = 0;
  const timers: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    schedule: (run: () => void, ms: number) => void timers.push({ at: now + ms, run }),
    /** Runs each timer at its own time, as a real clock would. */
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const due = timers[0];
        if (due === undefined || due.at > end) break;
        timers.shift();
        now = Math.max(now, due.at);
        due.run();
        await new Promise((resolve) => setImmediate(resolve));
      }
      now = end;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('KmsRateLimiter', () => {
  it('lets a short burst through, then paces each Region and operation at quota x fraction', async () => {
    const time = manualTime();
    const limiter = new KmsRateLimiter({
      fraction: 0.5,
      quotas: { GetKeyPolicy: 40 },
      burstSeconds: 0.25,
      ...time,
    });
    expect(limiter.rateOf('GetKeyPolicy')).toBe(20);
    let done = 0;
    for (let i = 0; i < 25; i++) void limiter.acquire('us-east-1', 'GetKeyPolicy').then(() => done++);
    await time.advance(0);
    expect(done).toBe(5); // 20/s x 0.25 s of burst
    await time.advance(500);
    expect(done).toBe(15);
    await time.advance(500);
    expect(done).toBe(25);
    // Another Region has its own bucket, full.
    let other = 0;
    void limiter.acquire('eu-west-1', 'GetKeyPolicy').then(() => other++);
    await time.advance(0);
    expect(other).toBe(1);
    expect(limiter.counts().calls).toEqual({ 'us-east-1/GetKeyPolicy': 25, 'eu-west-1/GetKeyPolicy': 1 });
  });

  it('serves waiters in arrival order and empties the bucket after a throttle', async () => {
    const time = manualTime();
    const limiter = new KmsRateLimiter({
      fraction: 1,
      quotas: { DescribeKey: 10 },
      burstSeconds: 1,
      ...time,
    });
    const order: number[] = [];
    for (let i = 0; i < 12; i++) void limiter.acquire('r', 'DescribeKey').then(() => order.push(i));
    await time.advance(0);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await time.advance(200);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    await time.advance(1000);
    limiter.throttled('r', 'DescribeKey');
    let after = 0;
    void limiter.acquire('r', 'DescribeKey').then(() => after++);
    await time.advance(50);
    expect(after).toBe(0);
    await time.advance(60);
    expect(after).toBe(1);
    expect(limiter.counts().throttled).toEqual({ 'r/DescribeKey': 1 });
  });

  it('limits an operation the table does not name like the slowest management calls, and rejects a bad fraction', () => {
    const limiter = new KmsRateLimiter({ fraction: 1 });
    expect(limiter.rateOf('SomethingNew')).toBe(5);
    expect(limiter.rateOf('DescribeKey')).toBe(2000);
    expect(() => new KmsRateLimiter({ fraction: 0 })).toThrow(RangeError);
  });
});
