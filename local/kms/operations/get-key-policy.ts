// GetKeyPolicy: this Region's policy string, byte for byte as stored.
import { resolveKey } from '../model/resolve.js';
import { keyIdShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';
import { checkPolicyName, policyNameShape } from './policy-name.js';

export const getKeyPolicy = defineOperation({
  input: { members: { KeyId: keyIdShape, PolicyName: policyNameShape }, required: ['KeyId'] },
  readOnly: true,
  run(ctx, input: { KeyId: string; PolicyName?: string }) {
    const { key } = resolveKey(ctx, input.KeyId, { aliases: false });
    checkPolicyName(input.PolicyName);
    return { Policy: key.policy, PolicyName: 'default' };
  },
});
