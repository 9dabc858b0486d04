// UpdatePrimaryRegion (KMS-MRK-SPEC section 4): called in the current primary's Region; both keys sit in
// `Updating` for --updating-ms (crypto keeps working), then the replica is PRIMARY in every member's view.

import { keyArn } from '../model/arn.js';
import { authorize } from '../model/authorize.js';
import { assertKeyState } from '../model/key-state.js';
import { PRIMARY_UPDATED } from '../model/lifecycle.js';
import { assertPrimary, resolveKey } from '../model/resolve.js';
import type { RegionalKey } from '../model/types.js';
import { errors } from '../protocol/errors.js';
import { keyIdShape, regionShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';

interface Input {
  KeyId: string;
  PrimaryRegion: string;
}

export const updatePrimaryRegion = defineOperation({
  input: {
    members: { KeyId: keyIdShape, PrimaryRegion: regionShape },
    required: ['KeyId', 'PrimaryRegion'],
  },
  run(ctx, input: Input) {
    const resolved = resolveKey(ctx, input.KeyId, { aliases: false });
    const { shared, key: primary } = resolved;
    // As ReplicateKey: "not a primary" wins over the key state (UNCONFIRMED for this operation).
    assertPrimary(resolved);
    assertKeyState('UpdatePrimaryRegion', primary);
    const region = input.PrimaryRegion;
    if (region === primary.region) {
      // UNCONFIRMED: the spec suggests UnsupportedOperationException for the current primary's own Region.
      throw errors.unsupported(`${primary.arn} is already the primary key in ${region}.`);
    }
    const replica = ctx.store.regional(shared.account, region, shared.keyId);
    if (!replica) {
      // UNCONFIRMED: error for a Region without a replica; the spec suggests NotFoundException.
      throw errors.notFound(
        `Key '${keyArn(shared.partition, region, shared.account, shared.keyId)}' does not exist`,
      );
    }
    // The caller needs kms:UpdatePrimaryRegion on the replica too (in its own key policy).
    authorize(ctx, { shared, key: replica }, 'UpdatePrimaryRegion');
    assertKeyState('UpdatePrimaryRegion', replica);

    const now = ctx.clock.now();
    beginUpdate(primary);
    beginUpdate(replica);
    // The topology flips now; while both keys are Updating, DescribeKey shows both as REPLICA.
    shared.primaryRegion = region;
    ctx.store.schedule({
      at: now + ctx.options.updatingMs,
      kind: PRIMARY_UPDATED,
      account: shared.account,
      region,
      keyId: shared.keyId,
      data: { from: primary.region },
    });
    // One event per affected Region; the new primary's entry is made by KMS itself (section 14).
    const requestParameters = { keyId: input.KeyId, primaryRegion: region };
    ctx.record({
      eventName: 'UpdatePrimaryRegion',
      requestParameters,
      responseElements: null,
      resources: [primary.arn, replica.arn],
    });
    ctx.record({
      eventName: 'UpdatePrimaryRegion',
      region,
      invokedBy: 'kms.amazonaws.com',
      requestParameters,
      responseElements: null,
      resources: [primary.arn, replica.arn],
    });
    return undefined;
  },
});

function beginUpdate(key: RegionalKey): void {
  key.settledState = key.state;
  key.state = 'Updating';
}
