// RetireGrant (KMS-MRK-SPEC section 10.5): by GrantToken, or by KeyId + GrantId; any key state.
import { resolveKey } from '../model/resolve.js';
import type { Grant, RegionalKey } from '../model/types.js';
import { errors } from '../protocol/errors.js';
import { bool, keyIdShape } from '../protocol/shapes.js';
import { grantIdShape, grantOfToken, grantTokenShape, removeGrant } from './grant-common.js';
import { defineOperation } from './operation.js';

interface Input {
  GrantToken?: string;
  KeyId?: string;
  GrantId?: string;
  DryRun?: boolean;
}

export const retireGrant = defineOperation({
  input: {
    members: { GrantToken: grantTokenShape, KeyId: keyIdShape, GrantId: grantIdShape, DryRun: bool() },
  },
  run(ctx, input: Input) {
    let found: { key: RegionalKey; grant: Grant };
    if (input.GrantToken !== undefined) {
      found = grantOfToken(ctx, input.GrantToken);
    } else if (input.KeyId !== undefined && input.GrantId !== undefined) {
      const { key } = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'RetireGrant' });
      const grant = key.grants.find((candidate) => candidate.grantId === input.GrantId);
      if (!grant) throw errors.invalidGrantId(`Grant ID ${input.GrantId} not found`);
      found = { key, grant };
    } else {
      // UNCONFIRMED: AWS's text when neither a token nor a key id and grant id are given.
      throw errors.validation('Either GrantToken, or both KeyId and GrantId, must be specified.');
    }
    if (input.DryRun) throw errors.dryRun();
    removeGrant(found.key, found.grant.grantId);
    ctx.record({
      eventName: 'RetireGrant',
      requestParameters: { keyId: input.KeyId, grantId: found.grant.grantId },
      responseElements: { keyId: found.key.arn, grantId: found.grant.grantId },
      resources: [found.key.arn],
    });
    return undefined;
  },
});
