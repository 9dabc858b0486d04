// KMS KeyMetadata (SDK shape) -> the domain's KeyDescription.
import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { KeyState } from '../../../core/model/member.js';
import type { KeyDescription } from '../../../core/ports/key-service.js';

/** `region` is the Region that was asked, which is the key's own Region (lookups are Region-local). */
export function toKeyDescription(metadata: KeyMetadata, region: string): KeyDescription {
  const multiRegion = metadata.MultiRegion === true;
  const config = metadata.MultiRegionConfiguration;
  return {
    keyId: metadata.KeyId ?? '',
    arn: metadata.Arn ?? '',
    region,
    keyState: (metadata.KeyState ?? 'Unavailable') as KeyState,
    enabled: metadata.Enabled === true,
    multiRegion,
    role: multiRegion ? config?.MultiRegionKeyType : undefined,
    primaryRegion: config?.PrimaryKey?.Region,
    replicaRegions: (config?.ReplicaKeys ?? []).flatMap((replica) =>
      replica.Region ? [replica.Region] : [],
    ),
    description: metadata.Description ?? '',
    keySpec: metadata.KeySpec ?? 'SYMMETRIC_DEFAULT',
    keyUsage: metadata.KeyUsage ?? 'ENCRYPT_DECRYPT',
    origin: metadata.Origin ?? 'AWS_KMS',
    currentKeyMaterialId: metadata.CurrentKeyMaterialId,
    deletionDate: isoOf(metadata.DeletionDate),
    pendingDeletionWindowInDays: metadata.PendingDeletionWindowInDays,
    creationDate: isoOf(metadata.CreationDate),
  };
}

export function isoOf(date: Date | undefined): string | undefined {
  return date === undefined ? undefined : date.toISOString();
}
