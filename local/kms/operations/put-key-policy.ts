// PutKeyPolicy: per Region (a replica's policy is its own); every key state is allowed.
import { checkLockout } from '../model/authorize.js';
import { checkPolicy } from '../model/policy.js';
import { resolveKey } from '../model/resolve.js';
import { bool, keyIdShape, policyShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';
import { checkPolicyName, policyNameShape } from './policy-name.js';

interface Input {
  KeyId: string;
  PolicyName?: string;
  Policy: string;
  BypassPolicyLockoutSafetyCheck?: boolean;
}

export const putKeyPolicy = defineOperation({
  input: {
    members: {
      KeyId: keyIdShape,
      PolicyName: policyNameShape,
      Policy: policyShape,
      BypassPolicyLockoutSafetyCheck: bool(),
    },
    required: ['KeyId', 'Policy'],
  },
  run(ctx, input: Input) {
    const { shared, key } = resolveKey(ctx, input.KeyId, { aliases: false });
    checkPolicyName(input.PolicyName);
    const policy = checkPolicy(input.Policy);
    if (input.BypassPolicyLockoutSafetyCheck !== true) checkLockout(ctx, policy, { shared, key });
    key.policy = input.Policy;
    ctx.record({
      eventName: 'PutKeyPolicy',
      requestParameters: {
        keyId: input.KeyId,
        policyName: 'default',
        policy: input.Policy,
        bypassPolicyLockoutSafetyCheck: input.BypassPolicyLockoutSafetyCheck === true,
      },
      resources: [key.arn],
    });
    return undefined;
  },
});
