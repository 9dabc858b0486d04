// TagResource: upserts tags on this Region's member only (tags are never synchronised).
import { resolveKey } from '../model/resolve.js';
import { checkTags, type TagInput } from '../model/tags.js';
import { keyIdShape, tagsShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';

export const tagResource = defineOperation({
  input: { members: { KeyId: keyIdShape, Tags: tagsShape }, required: ['KeyId', 'Tags'] },
  run(ctx, input: { KeyId: string; Tags: TagInput[] }) {
    const { key } = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'TagResource' });
    key.tags = checkTags(input.Tags, key.tags);
    ctx.record({
      eventName: 'TagResource',
      requestParameters: { keyId: input.KeyId, tags: input.Tags },
      resources: [key.arn],
    });
    return undefined;
  },
});
