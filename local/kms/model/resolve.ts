// The one funnel that turns any key identifier into a key of the caller's Region and checks its
// state, raising AWS's exact errors (KMS-MRK-SPEC sections 1.1, 1.2). Lookups are strictly Region-local.
import type { OperationContext } from '../operations/operation.js';
import { errors } from '../protocol/errors.js';
import { aliasArn, isKeyId, keyArn, parseArn } from './arn.js';
import { authorize } from './authorize.js';
import { createAwsManagedKey } from './aws-managed.js';
import { assertKeyState } from './key-state.js';
import type { RegionalKey, SharedKey } from './types.js';

export interface ResolvedKey {
  shared: SharedKey;
  key: RegionalKey;
}

export interface ResolveOptions {
  /** Whether alias names and alias ARNs are accepted (crypto operations and DescribeKey). */
  aliases: boolean;
  /** Operation name for the key-state check; omit to skip it. */
  operation?: string;
  /**
   * The KMS action the key policy and grants must allow (Decrypt, ReEncryptFrom, ...): default the request's
   * operation; false when the operation authorises itself (ListAliases is IAM-only, RetireGrant by its grant).
   */
  action?: string | false;
}

/** Operations that take a key of another account, by key ARN or alias ARN (KMS-MRK-SPEC section 1.2). */
const CROSS_ACCOUNT = new Set([
  'CreateGrant',
  'DescribeKey',
  'GetKeyRotationStatus',
  'GetPublicKey',
  'ListGrants',
  'RetireGrant',
  'RevokeGrant',
  'Encrypt',
  'Decrypt',
  'ReEncrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'Sign',
  'Verify',
  'GenerateMac',
  'VerifyMac',
  'DeriveSharedSecret',
  'GetKeyLastUsage',
]);

export function resolveKey(ctx: OperationContext, identifier: string, options: ResolveOptions): ResolvedKey {
  const { keyId, account } = resolveIdentifier(ctx, identifier, options.aliases);
  const key = ctx.store.regional(account, ctx.region, keyId);
  const shared = ctx.store.shared(account, keyId);
  if (!key || !shared) {
    const arn = identifier.startsWith('arn:')
      ? identifier
      : keyArn(ctx.partition, ctx.region, account, keyId);
    throw errors.notFound(`Key '${arn}' does not exist`);
  }
  // UNCONFIRMED: what AWS answers for another account's key ARN in an operation without cross-account use;
  // the key cannot be seen from the caller's account, so we answer as for a key that does not exist.
  if (account !== ctx.caller.account && ctx.operation && !CROSS_ACCOUNT.has(ctx.operation)) {
    throw errors.notFound(`Key '${key.arn}' does not exist`);
  }
  const action = options.action ?? ctx.operation;
  if (action) authorize(ctx, { shared, key }, action);
  if (options.operation) assertKeyState(options.operation, key);
  return { shared, key };
}

function resolveIdentifier(
  ctx: OperationContext,
  identifier: string,
  aliases: boolean,
): { keyId: string; account: string } {
  if (identifier.startsWith('alias/')) {
    if (!aliases) throw errors.notFound(`Invalid keyId '${identifier}'`);
    return { keyId: aliasTarget(ctx, ctx.account, identifier), account: ctx.account };
  }
  if (identifier.startsWith('arn:')) {
    const arn = parseArn(identifier);
    if (!arn) throw errors.notFound(`Invalid keyId '${identifier}'`);
    if (arn.region !== ctx.region) throw errors.notFound(`Invalid arn ${arn.region}`);
    if (arn.resourceType === 'alias') {
      if (!aliases) throw errors.notFound(`Invalid keyId '${identifier}'`);
      return { keyId: aliasTarget(ctx, arn.account, `alias/${arn.resource}`), account: arn.account };
    }
    if (!isKeyId(arn.resource)) throw errors.notFound(`Invalid keyId '${identifier}'`);
    return { keyId: arn.resource, account: arn.account };
  }
  if (!isKeyId(identifier)) throw errors.notFound(`Invalid keyId '${identifier}'`);
  return { keyId: identifier, account: ctx.account };
}

function aliasTarget(ctx: OperationContext, account: string, aliasName: string): string {
  const alias = ctx.store.alias(account, ctx.region, aliasName);
  // An AWS managed key is created on first use, in the caller's own account only.
  const managed = !alias && account === ctx.caller.account ? createAwsManagedKey(ctx, aliasName) : undefined;
  if (managed) return managed;
  if (!alias)
    throw errors.notFound(`Alias ${aliasArn(ctx.partition, ctx.region, account, aliasName)} is not found.`);
  return alias.targetKeyId;
}

/** Resolves the key and checks that it is a member of a multi-Region set's primary in this Region. */
export function assertPrimary({ shared, key }: ResolvedKey): void {
  if (!shared.multiRegion) throw errors.unsupported(`${key.arn} is not a multi-region key.`);
  if (shared.primaryRegion !== key.region)
    throw errors.unsupported(`${key.arn} is not a multi-region primary key.`);
}
