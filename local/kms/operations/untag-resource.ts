// UntagResource: removes tag keys from this Region's member; absent keys are ignored.
import { resolveKey } from '../model/resolve.js';
import { keyIdShape, list, str } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';

export const untagResource = defineOperation({
  input: {
    members: { KeyId: keyIdShape, TagKeys: list(str({ min: 1, max: 128 })) },
    required: ['KeyId', 'TagKeys'],
  },
  run(ctx, input: { KeyId: string; TagKeys: string[] }) {
    const { key } = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'UntagResource' });
    const tags = { ...key.tags };
    for (const tagKey of input.TagKeys) delete tags[tagKey];
    key.tags = tags;
    ctx.record({
      eventName: 'UntagResource',
      requestParameters: { keyId: input.KeyId, tagKeys: input.TagKeys },
      resources: [key.arn],
    });
    return undefined;
  },
});
