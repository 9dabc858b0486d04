// ListKeys: the caller's Region only (replicas appear in their own Region), in creation order.
import { int, markerShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';
import { pageFields, paginate } from './paginate.js';

export const listKeys = defineOperation({
  input: { members: { Limit: int({ min: 1, max: 1000 }), Marker: markerShape } },
  readOnly: true,
  run(ctx, input: { Limit?: number; Marker?: string }) {
    const page = paginate(ctx.store.keysIn(ctx.account, ctx.region), input.Limit ?? 100, input.Marker);
    return { Keys: page.items.map((key) => ({ KeyId: key.keyId, KeyArn: key.arn })), ...pageFields(page) };
  },
});
