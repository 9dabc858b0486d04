// Seeds a managed key set (stored and in the fake KMS) for handler and gateway tests.
import type { KeySet, KeySetStatus } from '../../../../src/core/model/key-set.js';
import { defaultKeyPolicy } from '../../../../src/core/model/tags.js';
import type { FakeApiDeps } from './fake-deps.js';

export interface SeedOptions {
  readonly tenant?: string;
  readonly status?: KeySetStatus;
  readonly primaryRegion?: string;
  readonly replicas?: readonly string[];
}

/** A key set with a primary and replicas in KMS and in the repository, members recorded, unlocked. */
export async function seedKey(deps: FakeApiDeps, options: SeedOptions = {}): Promise<KeySet> {
  const primaryRegion = options.primaryRegion ?? 'us-east-1';
  const replicas = options.replicas ?? ['eu-west-1'];
  const created = await deps.kms.createKey(primaryRegion, { description: 'seeded', tags: { team: 'x' } });
  for (const region of replicas) deps.kms.addReplica(primaryRegion, created.keyId, region);
  const now = deps.clock.now().toISOString();
  const regions = [primaryRegion, ...replicas];
  const keySet: KeySet = {
    keyId: created.keyId,
    tenant: options.tenant ?? 'payments',
    partition: 'aws',
    account: deps.kms.account,
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    primaryRegion,
    regions,
    desired: {
      description: 'seeded',
      policy: defaultKeyPolicy('aws', deps.kms.account),
      tags: { team: 'x' },
      aliases: [],
      enabled: true,
      rotation: { enabled: true, periodInDays: 365 },
      regionOverrides: {},
    },
    members: Object.fromEntries(
      regions.map((region) => [
        region,
        {
          region,
          arn: `arn:aws:kms:${region}:${deps.kms.account}:key/${created.keyId}`,
          role: region === primaryRegion ? 'PRIMARY' : 'REPLICA',
          keyState: 'Enabled',
          enabled: true,
          description: 'seeded',
          policyHash: '',
          tags: { team: 'x' },
          aliases: [],
          observedAt: now,
        },
      ]),
    ),
    status: options.status ?? 'Active',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await deps.keySets.create(keySet);
  return (await deps.keySets.get(keySet.keyId))!;
}
