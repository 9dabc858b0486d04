// RevokeGrant (KMS-MRK-SPEC section 10.5): KeyId + GrantId; any key state.
import { resolveKey } from '../model/resolve.js';
import { errors } from '../protocol/errors.js';
import { bool, keyIdShape } from '../protocol/shapes.js';
import { grantIdShape, removeGrant } from './grant-common.js';
import { defineOperation } from './operation.js';

export const revokeGrant = defineOperation({
  input: {
    members: { KeyId: keyIdShape, GrantId: grantIdShape, DryRun: bool() },
    required: ['KeyId', 'GrantId'],
  },
  run(ctx, input: { KeyId: string; GrantId: string; DryRun?: boolean }) {
    const { key } = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'RevokeGrant' });
    if (!key.grants.some((grant) => grant.grantId === input.GrantId)) {
      throw errors.invalidGrantId(`Grant ID ${input.GrantId} not found`);
    }
    if (input.DryRun) throw errors.dryRun();
    removeGrant(key, input.GrantId);
    ctx.record({
      eventName: 'RevokeGrant',
      requestParameters: { keyId: input.KeyId, grantId: input.GrantId },
      responseElements: null,
      resources: [key.arn],
    });
    return undefined;
  },
});
