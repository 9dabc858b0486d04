// UpdateKeyDescription: per Region, never synchronised to the other members of a set.
import { resolveKey } from '../model/resolve.js';
import { descriptionShape, keyIdShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';

export const updateKeyDescription = defineOperation({
  input: {
    members: { KeyId: keyIdShape, Description: descriptionShape },
    required: ['KeyId', 'Description'],
  },
  run(ctx, input: { KeyId: string; Description: string }) {
    const { key } = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'UpdateKeyDescription' });
    key.description = input.Description;
    ctx.record({
      eventName: 'UpdateKeyDescription',
      requestParameters: { keyId: input.KeyId, description: input.Description },
      resources: [key.arn],
    });
    return undefined;
  },
});
