// EnableKey: key id or ARN only; idempotent on an Enabled key (KMS-MRK-SPEC section 10.4).
import { resolveKey } from '../model/resolve.js';
import { keyIdShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';

export const enableKey = defineOperation({
  input: { members: { KeyId: keyIdShape }, required: ['KeyId'] },
  run(ctx, input: { KeyId: string }) {
    const { key } = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'EnableKey' });
    key.state = 'Enabled';
    ctx.record({ eventName: 'EnableKey', requestParameters: { keyId: input.KeyId }, resources: [key.arn] });
    return undefined;
  },
});
