// Alias name rules shared by CreateAlias, UpdateAlias and DeleteAlias (KMS-MRK-SPEC section 10.1).
import { aliasArn } from '../model/arn.js';
import type { Alias } from '../model/types.js';
import { errors } from '../protocol/errors.js';
import { str } from '../protocol/shapes.js';
import type { OperationContext } from './operation.js';

export const aliasNameShape = str({ min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/ });

/** Aliases per KMS key (resource quota). */
export const MAX_ALIASES_PER_KEY = 50;

/** Throws AWS's error for a name a customer may not use (wrong prefix, reserved alias/aws/). */
export function checkAliasName(name: string): void {
  if (!name.startsWith('alias/')) {
    throw errors.validation(
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    );
  }
  if (name.startsWith('alias/aws/')) throw errors.notAuthorized();
}

/** The alias of this Region, or AWS's NotFoundException naming its ARN. */
export function existingAlias(ctx: OperationContext, name: string): Alias {
  const alias = ctx.store.alias(ctx.account, ctx.region, name);
  if (!alias)
    throw errors.notFound(`Alias ${aliasArn(ctx.partition, ctx.region, ctx.account, name)} is not found.`);
  return alias;
}

export function aliasArnOf(ctx: OperationContext, name: string): string {
  return aliasArn(ctx.partition, ctx.region, ctx.account, name);
}
