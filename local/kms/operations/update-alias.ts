// UpdateAlias: points an existing alias at another key of the same Region, type and key usage.
import { resolveKey } from '../model/resolve.js';
import type { SharedKey } from '../model/types.js';
import { errors } from '../protocol/errors.js';
import { keyIdShape } from '../protocol/shapes.js';
import { aliasNameShape, checkAliasName, existingAlias, MAX_ALIASES_PER_KEY } from './alias-name.js';
import { defineOperation } from './operation.js';

function keyType(shared: SharedKey): string {
  if (shared.keySpec === 'SYMMETRIC_DEFAULT') return 'symmetric';
  return shared.keySpec.startsWith('HMAC_') ? 'HMAC' : 'asymmetric';
}

export const updateAlias = defineOperation({
  input: {
    members: { AliasName: aliasNameShape, TargetKeyId: keyIdShape },
    required: ['AliasName', 'TargetKeyId'],
  },
  run(ctx, input: { AliasName: string; TargetKeyId: string }) {
    checkAliasName(input.AliasName);
    const alias = existingAlias(ctx, input.AliasName);
    // A pending-deletion new target is refused; the old one may be in any state (KMS-MRK-SPEC 6.1, note 10).
    const { shared, key } = resolveKey(ctx, input.TargetKeyId, { aliases: false, operation: 'UpdateAlias' });
    const current = ctx.store.shared(ctx.account, alias.targetKeyId);
    if (current && (keyType(current) !== keyType(shared) || current.keyUsage !== shared.keyUsage)) {
      // UNCONFIRMED: AWS's error type and wording when the new target differs in type or key usage.
      throw errors.validation(
        `${key.arn} is a ${keyType(shared)} key with key usage ${shared.keyUsage}; the alias ${input.AliasName} points at a ${keyType(current)} key with key usage ${current.keyUsage}.`,
      );
    }
    if (
      alias.targetKeyId !== key.keyId &&
      ctx.store.aliasesOf(ctx.account, ctx.region, key.keyId).length >= MAX_ALIASES_PER_KEY
    ) {
      throw errors.limitExceeded(
        `The key ${key.arn} already has the maximum of ${MAX_ALIASES_PER_KEY} aliases.`,
      );
    }
    ctx.store.putAlias(ctx.account, ctx.region, {
      ...alias,
      targetKeyId: key.keyId,
      lastUpdatedDate: ctx.clock.now(),
    });
    ctx.record({
      eventName: 'UpdateAlias',
      requestParameters: { aliasName: input.AliasName, targetKeyId: input.TargetKeyId },
      resources: [key.arn],
    });
    return undefined;
  },
});
