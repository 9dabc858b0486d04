// PutKeyPolicy: per Region (a replica's policy is its own); every key state is allowed.
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
    const { key } = resolveKey(ctx, input.KeyId, { aliases: false });
    checkPolicyName(input.PolicyName);
    checkPolicy(input.Policy);
    key.policy = input.Policy;
    ctx.record({
      eventName: 'PutKeyPolicy',
      requestParameters: { keyId: input.KeyId, policyName: 'default', policy: input.Policy },
      resources: [key.arn],
    });
    return undefined;
  },
});
