// DisableKey: key id or ARN only; idempotent on a Disabled key. Only this Region's member changes.
import { resolveKey } from '../model/resolve.js';
import { keyIdShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';

export const disableKey = defineOperation({
  input: { members: { KeyId: keyIdShape }, required: ['KeyId'] },
  run(ctx, input: { KeyId: string }) {
    const { key } = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'DisableKey' });
    key.state = 'Disabled';
    ctx.record({ eventName: 'DisableKey', requestParameters: { keyId: input.KeyId }, resources: [key.arn] });
    return undefined;
  },
});
