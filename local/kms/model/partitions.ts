// Partitions and their Regions (KMS-MRK-SPEC section 13), from the one table in src/core. The
// emulator accepts any well-formed Region name (unknown ones count as `aws`, so new Regions just
// work) and, unlike the control plane's conservative guardrails, allows MRKs wherever the spec does
// not say no: only aws-cn lacks them (2023 DG; UNCONFIRMED today).
import {
  PARTITIONS as CORE_PARTITIONS,
  partitionOfRegion,
} from '../../../src/core/identifiers/partitions.js';

export interface Partition {
  name: string;
  regions: readonly string[];
  multiRegionKeys: boolean;
}

const WITHOUT_MRKS = new Set(['aws-cn']);

export const PARTITIONS: readonly Partition[] = Object.values(CORE_PARTITIONS).map((partition) => ({
  name: partition.name,
  regions: partition.regions,
  multiRegionKeys: !WITHOUT_MRKS.has(partition.name),
}));

const byName = new Map(PARTITIONS.map((partition) => [partition.name, partition]));

/** The partition of a Region; unknown Regions are treated as `aws`. */
export function partitionOf(region: string): Partition {
  return byName.get(partitionOfRegion(region) ?? 'aws') as Partition;
}

export function isKnownRegion(region: string): boolean {
  return partitionOfRegion(region) !== undefined;
}
