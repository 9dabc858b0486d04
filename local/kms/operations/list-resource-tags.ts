// ListResourceTags: sorted by tag key; `Truncated` is always present (AWS-recorded).
import { resolveKey } from '../model/resolve.js';
import { tagList } from '../model/tags.js';
import { int, keyIdShape, markerShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';
import { pageFields, paginate } from './paginate.js';

export const listResourceTags = defineOperation({
  input: {
    members: { KeyId: keyIdShape, Limit: int({ min: 1, max: 50 }), Marker: markerShape },
    required: ['KeyId'],
  },
  readOnly: true,
  run(ctx, input: { KeyId: string; Limit?: number; Marker?: string }) {
    const { key } = resolveKey(ctx, input.KeyId, { aliases: false });
    const page = paginate(tagList(key.tags), input.Limit ?? 50, input.Marker);
    return { Tags: page.items, ...pageFields(page) };
  },
});
