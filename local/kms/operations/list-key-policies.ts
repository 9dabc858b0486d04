// ListKeyPolicies: always exactly `default` (AWS-recorded: PolicyNames ["default"], Truncated false).
import { resolveKey } from '../model/resolve.js';
import { int, keyIdShape, markerShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';
import { pageFields, paginate } from './paginate.js';

export const listKeyPolicies = defineOperation({
  input: {
    members: { KeyId: keyIdShape, Limit: int({ min: 1, max: 1000 }), Marker: markerShape },
    required: ['KeyId'],
  },
  readOnly: true,
  run(ctx, input: { KeyId: string; Limit?: number; Marker?: string }) {
    resolveKey(ctx, input.KeyId, { aliases: false });
    const page = paginate(['default'], input.Limit ?? 100, input.Marker);
    return { PolicyNames: page.items, ...pageFields(page) };
  },
});
