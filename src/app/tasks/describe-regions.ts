// DescribeKey in several Regions at once, telling "no key there" from "could not ask" (a Region outage).
import type { KeyDescription, KeyService } from '../../core/ports/key-service.js';
import { KmsThrottledError, KmsUnavailableError } from '../../core/workflows/kms-errors.js';

export interface RegionLookup {
  /** Regions that hold a key of the set. */
  readonly found: Map<string, KeyDescription>;
  /** Regions KMS did not answer for (throttled or unavailable after the SDK's retries). */
  readonly unreachable: Set<string>;
}

/**
 * A transient failure in one Region must not stop a plan for all of them: that Region is reported
 * unreachable and its own step fails (and is retried) later. Unless it is one of `mustReach`, or
 * the error is not transient: then the error is thrown.
 */
export async function describeRegions(
  kms: KeyService,
  keyId: string,
  regions: readonly string[],
  mustReach: readonly string[] = [],
): Promise<RegionLookup> {
  const results = await Promise.allSettled(regions.map((region) => kms.describeKey(region, keyId)));
  const found = new Map<string, KeyDescription>();
  const unreachable = new Set<string>();
  results.forEach((result, index) => {
    const region = regions[index]!;
    if (result.status === 'fulfilled') {
      if (result.value !== undefined) found.set(region, result.value);
      return;
    }
    const transient =
      result.reason instanceof KmsThrottledError || result.reason instanceof KmsUnavailableError;
    if (!transient || mustReach.includes(region)) throw result.reason;
    unreachable.add(region);
  });
  return { found, unreachable };
}
