// RetireGrant (KMS-MRK-SPEC section 10.5): by GrantToken, or by KeyId + GrantId; any key state.

import { parseArn } from '../model/arn.js';
import { authorize, denied, granteeMatches } from '../model/authorize.js';
import { resolveKey } from '../model/resolve.js';
import type { Grant, RegionalKey } from '../model/types.js';
import { errors } from '../protocol/errors.js';
import { bool, keyIdShape } from '../protocol/shapes.js';
import { grantIdShape, grantOfToken, grantTokenShape, removeGrant } from './grant-common.js';
import { defineOperation, type OperationContext } from './operation.js';

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
      const { key } = resolveKey(ctx, input.KeyId, {
        aliases: false,
        operation: 'RetireGrant',
        action: false,
      });
      const grant = key.grants.find((candidate) => candidate.grantId === input.GrantId);
      if (!grant) throw errors.invalidGrantId(`Grant ID ${input.GrantId} not found`);
      found = { key, grant };
    } else {
      // UNCONFIRMED: AWS's text when neither a token nor a key id and grant id are given.
      throw errors.validation('Either GrantToken, or both KeyId and GrantId, must be specified.');
    }
    authorizeRetire(ctx, found.key, found.grant);
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

/**
 * Who may retire a grant: its retiring principal, its grantee when the grant allows RetireGrant, or whoever
 * the key policy allows kms:RetireGrant (KMS developer guide, "Retiring and revoking grants").
 */
function authorizeRetire(ctx: OperationContext, key: RegionalKey, grant: Grant): void {
  if (grant.retiringPrincipal !== undefined && granteeMatches(grant.retiringPrincipal, ctx.caller)) return;
  if (grant.operations.includes('RetireGrant') && granteeMatches(grant.granteePrincipal, ctx.caller)) return;
  const shared = ctx.store.shared(parseArn(key.arn)?.account ?? ctx.account, key.keyId);
  if (!shared)
    throw denied(
      ctx.caller,
      'kms:RetireGrant',
      key.arn,
      'because no resource-based policy allows the kms:RetireGrant action',
    );
  authorize(ctx, { shared, key }, 'RetireGrant');
}
