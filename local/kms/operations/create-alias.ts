// CreateAlias: Regional; the same name may exist in every Region of a set, each pointing at its own member.
import { resolveKey } from '../model/resolve.js';
import { errors } from '../protocol/errors.js';
import { keyIdShape } from '../protocol/shapes.js';
import { aliasArnOf, aliasNameShape, checkAliasName, MAX_ALIASES_PER_KEY } from './alias-name.js';
import { defineOperation } from './operation.js';

export const createAlias = defineOperation({
  input: {
    members: { AliasName: aliasNameShape, TargetKeyId: keyIdShape },
    required: ['AliasName', 'TargetKeyId'],
  },
  run(ctx, input: { AliasName: string; TargetKeyId: string }) {
    checkAliasName(input.AliasName);
    const { key } = resolveKey(ctx, input.TargetKeyId, { aliases: false, operation: 'CreateAlias' });
    if (ctx.store.alias(ctx.account, ctx.region, input.AliasName)) {
      throw errors.alreadyExists(`An alias with the name ${aliasArnOf(ctx, input.AliasName)} already exists`);
    }
    if (ctx.store.aliasesOf(ctx.account, ctx.region, key.keyId).length >= MAX_ALIASES_PER_KEY) {
      // UNCONFIRMED: AWS's wording for the 50-aliases-per-key quota.
      throw errors.limitExceeded(
        `The key ${key.arn} already has the maximum of ${MAX_ALIASES_PER_KEY} aliases.`,
      );
    }
    const now = ctx.clock.now();
    ctx.store.putAlias(ctx.account, ctx.region, {
      aliasName: input.AliasName,
      targetKeyId: key.keyId,
      creationDate: now,
      lastUpdatedDate: now,
    });
    ctx.record({
      eventName: 'CreateAlias',
      requestParameters: { aliasName: input.AliasName, targetKeyId: input.TargetKeyId },
      resources: [key.arn],
    });
    return undefined;
  },
});
