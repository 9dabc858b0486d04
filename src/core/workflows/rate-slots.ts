// Start delays that keep a fan-out under a per-Region request quota (KMS-MRK-SPEC 12: ReplicateKey 5/s).

/**
 * Delay in whole seconds (ASL Wait takes integers) for each of `count` calls that all land in one
 * Region, so that no one-second window holds more than `perSecond` of them: the first `perSecond`
 * go at once, the next ones a second later, and so on. Retry on ThrottlingException covers the
 * calls of other executions that share the quota.
 */
export function rateSlots(count: number, perSecond: number): number[] {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`count must be a whole number, got ${count}`);
  if (!Number.isInteger(perSecond) || perSecond < 1) {
    throw new RangeError(`perSecond must be a whole number >= 1, got ${perSecond}`);
  }
  return Array.from({ length: count }, (_, index) => Math.floor(index / perSecond));
}
