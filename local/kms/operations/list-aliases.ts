// ListAliases: this Region's aliases, sorted by name, optionally only those of one key (id or ARN).
import { resolveKey } from '../model/resolve.js';
import { int, keyIdShape, markerShape } from '../protocol/shapes.js';
import { aliasArnOf } from './alias-name.js';
import { defineOperation } from './operation.js';
import { pageFields, paginate } from './paginate.js';

export const listAliases = defineOperation({
  input: { members: { KeyId: keyIdShape, Limit: int({ min: 1, max: 100 }), Marker: markerShape } },
  readOnly: true,
  run(ctx, input: { KeyId?: string; Limit?: number; Marker?: string }) {
    const keyId =
      input.KeyId === undefined
        ? undefined
        : resolveKey(ctx, input.KeyId, { aliases: false, action: false }).key.keyId;
    const aliases =
      keyId === undefined
        ? ctx.store.aliasesIn(ctx.account, ctx.region)
        : ctx.store.aliasesOf(ctx.account, ctx.region, keyId);
    const page = paginate(aliases, input.Limit ?? 50, input.Marker);
    return {
      Aliases: page.items.map((alias) => ({
        AliasName: alias.aliasName,
        AliasArn: aliasArnOf(ctx, alias.aliasName),
        TargetKeyId: alias.targetKeyId,
        CreationDate: alias.creationDate / 1000,
        LastUpdatedDate: alias.lastUpdatedDate / 1000,
      })),
      ...pageFields(page),
    };
  },
});
