// DeleteAlias: any key state; the key itself is untouched.
import { keyArn } from '../model/arn.js';
import { resolveKey } from '../model/resolve.js';
import { aliasNameShape, checkAliasName, existingAlias } from './alias-name.js';
import { defineOperation } from './operation.js';

export const deleteAlias = defineOperation({
  input: { members: { AliasName: aliasNameShape }, required: ['AliasName'] },
  run(ctx, input: { AliasName: string }) {
    checkAliasName(input.AliasName);
    const alias = existingAlias(ctx, input.AliasName);
    // kms:DeleteAlias on the key the alias names (its key policy), as on the alias (IAM).
    resolveKey(ctx, alias.targetKeyId, { aliases: false });
    ctx.store.removeAlias(ctx.account, ctx.region, input.AliasName);
    ctx.record({
      eventName: 'DeleteAlias',
      requestParameters: { aliasName: input.AliasName },
      resources: [keyArn(ctx.partition, ctx.region, ctx.account, alias.targetKeyId)],
    });
    return undefined;
  },
});
