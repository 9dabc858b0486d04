// Partitions and their Regions (KMS-MRK-SPEC section 13). The emulator accepts any well-formed Region
// name; these lists decide the partition of an ARN and whether multi-Region keys exist there.

export interface Partition {
  name: string;
  regions: readonly string[];
  multiRegionKeys: boolean;
}

export const PARTITIONS: readonly Partition[] = [
  {
    name: 'aws',
    multiRegionKeys: true,
    regions: [
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
    ],
  },
  // UNCONFIRMED whether aws-cn supports MRKs today (2023 DG says no); we follow the DG.
  { name: 'aws-cn', multiRegionKeys: false, regions: ['cn-north-1', 'cn-northwest-1'] },
  { name: 'aws-us-gov', multiRegionKeys: true, regions: ['us-gov-east-1', 'us-gov-west-1'] },
  { name: 'aws-iso', multiRegionKeys: true, regions: ['us-iso-east-1', 'us-iso-west-1'] },
  { name: 'aws-iso-b', multiRegionKeys: true, regions: ['us-isob-east-1', 'us-isob-west-1'] },
  { name: 'aws-iso-e', multiRegionKeys: true, regions: ['eu-isoe-west-1'] },
  { name: 'aws-iso-f', multiRegionKeys: true, regions: ['us-isof-east-1', 'us-isof-south-1'] },
  { name: 'aws-eusc', multiRegionKeys: true, regions: ['eusc-de-east-1'] },
];

const byRegion = new Map(
  PARTITIONS.flatMap((partition) => partition.regions.map((region) => [region, partition] as const)),
);

/** The partition of a Region; unknown Regions are treated as `aws` (so new Regions just work). */
export function partitionOf(region: string): Partition {
  return byRegion.get(region) ?? (PARTITIONS[0] as Partition);
}

export function isKnownRegion(region: string): boolean {
  return byRegion.has(region);
}
