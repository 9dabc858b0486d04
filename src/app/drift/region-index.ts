// One read per Region for the whole page of key sets: every alias (ListAliases, paged) and every key
// id (ListKeys, paged), instead of an alias listing per key.
import type { KeyService } from '../../core/ports/key-service.js';
import { KmsThrottledError, KmsUnavailableError } from '../../core/workflows/kms-errors.js';

export interface RegionIndex {
  /** Alias names per target key id. */
  readonly aliasesByKey: ReadonlyMap<string, readonly string[]>;
  /** Target key id per alias name. */
  readonly aliasTargets: ReadonlyMap<string, string>;
  /** Every key id in the Region. */
  readonly keyIds: ReadonlySet<string>;
  readonly keyArns: ReadonlyMap<string, string>;
}

export interface RegionIndexes {
  readonly indexes: ReadonlyMap<string, RegionIndex>;
  /** Regions KMS did not answer for (after retries): their key sets are not judged this time. */
  readonly unreachable: ReadonlySet<string>;
}

export async function readRegionIndexes(kms: KeyService, regions: readonly string[]): Promise<RegionIndexes> {
  const indexes = new Map<string, RegionIndex>();
  const unreachable = new Set<string>();
  await Promise.all(
    [...new Set(regions)].map(async (region) => {
      try {
        const [aliases, keys] = await Promise.all([kms.listAliases(region), kms.listKeys(region)]);
        const aliasesByKey = new Map<string, string[]>();
        const aliasTargets = new Map<string, string>();
        for (const alias of aliases) {
          if (alias.targetKeyId === undefined) continue;
          aliasTargets.set(alias.aliasName, alias.targetKeyId);
          aliasesByKey.set(alias.targetKeyId, [
            ...(aliasesByKey.get(alias.targetKeyId) ?? []),
            alias.aliasName,
          ]);
        }
        indexes.set(region, {
          aliasesByKey,
          aliasTargets,
          keyIds: new Set(keys.map((key) => key.keyId)),
          keyArns: new Map(keys.map((key) => [key.keyId, key.arn])),
        });
      } catch (error) {
        if (!(error instanceof KmsThrottledError || error instanceof KmsUnavailableError)) throw error;
        unreachable.add(region);
      }
    }),
  );
  return { indexes, unreachable };
}
