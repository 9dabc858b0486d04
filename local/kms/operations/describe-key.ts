// DescribeKey: any identifier, any state, the caller's Region only.
import { keyMetadata } from '../model/metadata.js';
import { resolveKey } from '../model/resolve.js';
import { grantTokensShape, keyIdShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';

export const describeKey = defineOperation({
  input: { members: { KeyId: keyIdShape, GrantTokens: grantTokensShape }, required: ['KeyId'] },
  readOnly: true,
  run(ctx, input: { KeyId: string }) {
    const { shared, key } = resolveKey(ctx, input.KeyId, { aliases: true });
    return { KeyMetadata: keyMetadata(ctx.store, shared, key) };
  },
});
