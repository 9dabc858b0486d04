// ReplicateKey (KMS-MRK-SPEC section 3): called in the primary's Region; the replica answers in
// `Creating` and settles after --creating-ms. Independent properties are never copied.
import { keyArn } from '../model/arn.js';
import { authorizeIam, checkLockout } from '../model/authorize.js';
import { REPLICA_CREATED } from '../model/lifecycle.js';
import { keyMetadata } from '../model/metadata.js';
import { partitionOf } from '../model/partitions.js';
import { checkPolicy, defaultPolicy } from '../model/policy.js';
import { assertPrimary, resolveKey } from '../model/resolve.js';
import { checkTags, type TagInput, tagList } from '../model/tags.js';
import type { RegionalKey } from '../model/types.js';
import { errors } from '../protocol/errors.js';
import {
  bool,
  descriptionShape,
  keyIdShape,
  policyShape,
  regionShape,
  tagsShape,
} from '../protocol/shapes.js';
import { defineOperation } from './operation.js';

interface Input {
  KeyId: string;
  ReplicaRegion: string;
  Policy?: string;
  BypassPolicyLockoutSafetyCheck?: boolean;
  Description?: string;
  Tags?: TagInput[];
}

export const replicateKey = defineOperation({
  input: {
    members: {
      KeyId: keyIdShape,
      ReplicaRegion: regionShape,
      Policy: policyShape,
      BypassPolicyLockoutSafetyCheck: bool(),
      Description: descriptionShape,
      Tags: tagsShape,
    },
    required: ['KeyId', 'ReplicaRegion'],
  },
  run(ctx, input: Input) {
    const resolved = resolveKey(ctx, input.KeyId, { aliases: false });
    const { shared, key: primary } = resolved;
    // The replica check wins over every other (AWS-recorded), then the key state.
    assertPrimary(resolved);
    resolveKey(ctx, input.KeyId, { aliases: false, operation: 'ReplicateKey' });
    const region = input.ReplicaRegion;
    const partition = partitionOf(region);
    if (partition.name !== shared.partition || !partition.multiRegionKeys) {
      throw errors.unsupported(`${region} is not a valid replica Region for ${primary.arn}.`);
    }
    const arn = keyArn(shared.partition, region, shared.account, shared.keyId);
    // UNCONFIRMED which error AWS gives for the primary's own Region; we answer AlreadyExists (spec default).
    if (region === ctx.region || ctx.store.regional(shared.account, region, shared.keyId)) {
      throw errors.alreadyExists(`Key '${arn}' already exists`);
    }
    const policy = input.Policy === undefined ? undefined : checkPolicy(input.Policy);
    const tags = checkTags(input.Tags ?? []);

    const now = ctx.clock.now();
    const replica: RegionalKey = {
      keyId: shared.keyId,
      region,
      arn,
      creationDate: now,
      description: input.Description ?? '',
      policy: input.Policy ?? defaultPolicy(shared.partition, shared.account),
      tags,
      state: 'Creating',
      settledState: shared.origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
      ...(shared.origin === 'EXTERNAL' && { importedMaterialIds: [] }),
      grants: [],
    };
    // ReplicateKey also needs kms:CreateKey in the replica Region (an IAM permission).
    authorizeIam(ctx, 'CreateKey', '*');
    if (policy && input.BypassPolicyLockoutSafetyCheck !== true)
      checkLockout(ctx, policy, { shared, key: replica });
    ctx.store.putRegional(shared.account, replica);
    ctx.store.schedule({
      at: now + ctx.options.creatingMs,
      kind: REPLICA_CREATED,
      account: shared.account,
      region,
      keyId: shared.keyId,
    });

    const ReplicaKeyMetadata = keyMetadata(ctx.store, shared, replica);
    ctx.record({
      eventName: 'ReplicateKey',
      requestParameters: { keyId: input.KeyId, replicaRegion: region, description: replica.description },
      responseElements: { replicaKeyMetadata: ReplicaKeyMetadata, replicaPolicy: replica.policy },
      resources: [primary.arn, arn],
    });
    ctx.record({
      eventName: 'CreateKey',
      region,
      invokedBy: 'kms.amazonaws.com',
      resources: [arn],
      requestParameters: null,
    });
    return {
      ReplicaKeyMetadata,
      ReplicaPolicy: replica.policy,
      ...(input.Tags && { ReplicaTags: tagList(tags) }),
    };
  },
});
