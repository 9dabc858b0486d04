// AWS partitions and their KMS Regions (KMS-MRK-SPEC section 13): which Regions exist, which may hold MRKs.
import { ValidationError } from '../errors.js';

export type PartitionName =
  | 'aws'
  | 'aws-cn'
  | 'aws-us-gov'
  | 'aws-iso'
  | 'aws-iso-b'
  | 'aws-iso-e'
  | 'aws-iso-f'
  | 'aws-eusc';

export interface PartitionInfo {
  readonly name: PartitionName;
  readonly regions: readonly string[];
  /** Whether KMS supports multi-Region keys here. `false` where the spec says no or UNCONFIRMED. */
  readonly mrkSupport: boolean;
}

/** The RegionType pattern of the KMS model. */
export const REGION_PATTERN = /^([a-z]+-){2,3}\d+$/;

const AWS_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
] as const;

// China has no MRKs per the 2023 developer guide; the iso and eusc partitions are UNCONFIRMED,
// so they are off here and a deployment that knows better widens its guardrails, not this table.
export const PARTITIONS: Readonly<Record<PartitionName, PartitionInfo>> = {
  aws: { name: 'aws', regions: AWS_REGIONS, mrkSupport: true },
  'aws-cn': { name: 'aws-cn', regions: ['cn-north-1', 'cn-northwest-1'], mrkSupport: false },
  'aws-us-gov': { name: 'aws-us-gov', regions: ['us-gov-east-1', 'us-gov-west-1'], mrkSupport: true },
  'aws-iso': { name: 'aws-iso', regions: ['us-iso-east-1', 'us-iso-west-1'], mrkSupport: false },
  'aws-iso-b': { name: 'aws-iso-b', regions: ['us-isob-east-1', 'us-isob-west-1'], mrkSupport: false },
  'aws-iso-e': { name: 'aws-iso-e', regions: ['eu-isoe-west-1'], mrkSupport: false },
  'aws-iso-f': { name: 'aws-iso-f', regions: ['us-isof-east-1', 'us-isof-south-1'], mrkSupport: false },
  'aws-eusc': { name: 'aws-eusc', regions: ['eusc-de-east-1'], mrkSupport: false },
};

const REGION_TO_PARTITION = new Map<string, PartitionName>(
  Object.values(PARTITIONS).flatMap((info) => info.regions.map((region) => [region, info.name] as const)),
);

export function isPartitionName(value: string): value is PartitionName {
  return Object.hasOwn(PARTITIONS, value);
}

/** The partition a known Region belongs to, or undefined for a Region this table does not know. */
export function partitionOfRegion(region: string): PartitionName | undefined {
  return REGION_TO_PARTITION.get(region);
}

export function isMrkRegion(region: string): boolean {
  const partition = partitionOfRegion(region);
  return partition !== undefined && PARTITIONS[partition].mrkSupport;
}

/**
 * Checks that a key set's Regions are known, MRK-capable, distinct and in one partition, and
 * returns that partition. Throws ValidationError naming the first offending Region.
 */
export function checkRegionSet(regions: readonly string[]): PartitionName {
  if (regions.length === 0) {
    throw new ValidationError('A key set needs at least one Region', { details: { regions } });
  }
  const seen = new Set<string>();
  let partition: PartitionName | undefined;
  for (const region of regions) {
    const regionPartition = partitionOfRegion(region);
    if (regionPartition === undefined) {
      throw new ValidationError(`Unknown Region ${JSON.stringify(region)}`, { details: { region } });
    }
    if (!PARTITIONS[regionPartition].mrkSupport) {
      throw new ValidationError(
        `Region ${region} (partition ${regionPartition}) does not support multi-Region keys`,
        {
          details: { region, partition: regionPartition },
        },
      );
    }
    if (partition !== undefined && regionPartition !== partition) {
      throw new ValidationError(
        `Region ${region} is in partition ${regionPartition}, but the key set is in ${partition}; an MRK set stays in one partition`,
        { details: { region, partition: regionPartition, expectedPartition: partition } },
      );
    }
    if (seen.has(region)) {
      throw new ValidationError(`Region ${region} is listed twice`, { details: { region } });
    }
    seen.add(region);
    partition = regionPartition;
  }
  return partition!;
}
