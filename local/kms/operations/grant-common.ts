// What the grant operations share (KMS-MRK-SPEC section 10.5): the GrantOperation enum, grant tokens
// and the ListGrants entry. Grants are Regional: a grant belongs to one member and authorises nothing
// on its siblings. model/authorize.ts enforces them after the key policy.

import { parseArn } from '../model/arn.js';
import type { Grant, RegionalKey } from '../model/types.js';
import { errors } from '../protocol/errors.js';
import { str } from '../protocol/shapes.js';
import type { OperationContext } from './operation.js';

export const GRANT_OPERATIONS = [
  'Decrypt',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'ReEncryptFrom',
  'ReEncryptTo',
  'Sign',
  'Verify',
  'GetPublicKey',
  'CreateGrant',
  'RetireGrant',
  'DescribeKey',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateMac',
  'VerifyMac',
  'DeriveSharedSecret',
] as const;

export const principalShape = str({ min: 1, max: 256, pattern: /^[\w+=,.@:/-]+$/ });
export const grantIdShape = str({ min: 1, max: 128 });
export const grantTokenShape = str({ min: 1, max: 8192 });

interface TokenBody {
  v: 1;
  a: string;
  r: string;
  k: string;
  g: string;
  n: string;
}

/** A fresh token for a grant: every CreateGrant call returns a new one, even for the same GrantId. */
export function grantToken(ctx: OperationContext, key: RegionalKey, grantId: string): string {
  const body: TokenBody = {
    v: 1,
    a: parseArn(key.arn)?.account ?? ctx.account,
    r: key.region,
    k: key.keyId,
    g: grantId,
    n: ctx.random(16).toString('hex'),
  };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/**
 * Grant tokens in a request's GrantTokens must be tokens this emulator issued (any Region, any state of
 * their grant: grants take effect at once here, so a token is accepted and never needed).
 * UNCONFIRMED: AWS's text for a malformed token.
 */
export function assertGrantTokens(tokens: unknown): void {
  if (!Array.isArray(tokens)) return;
  for (const token of tokens) {
    let body: Partial<TokenBody> | undefined;
    try {
      body = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as Partial<TokenBody>;
    } catch {
      body = undefined;
    }
    if (body?.v !== 1 || typeof body.k !== 'string' || typeof body.g !== 'string') {
      throw errors.invalidGrantToken('Invalid grant token.');
    }
  }
}

/** The key and grant a token names, in the caller's Region; InvalidGrantTokenException otherwise. */
export function grantOfToken(ctx: OperationContext, token: string): { key: RegionalKey; grant: Grant } {
  let body: Partial<TokenBody> | undefined;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
  } catch {
    body = undefined;
  }
  // UNCONFIRMED: AWS's text for a malformed token.
  if (body?.v !== 1 || typeof body.k !== 'string' || typeof body.g !== 'string' || body.r !== ctx.region) {
    throw errors.invalidGrantToken('Invalid grant token.');
  }
  const key = ctx.store.regional(body.a ?? ctx.account, ctx.region, body.k);
  const grant = key?.grants.find((candidate) => candidate.grantId === body.g);
  if (!key || !grant) throw errors.invalidGrantId(`Grant ID ${body.g} not found`);
  return { key, grant };
}

/** The ListGrants / ListRetirableGrants entry. */
export function grantEntry(ctx: OperationContext, key: RegionalKey, grant: Grant): Record<string, unknown> {
  return {
    KeyId: key.arn,
    GrantId: grant.grantId,
    ...(grant.name !== undefined && { Name: grant.name }),
    CreationDate: grant.creationDate / 1000,
    GranteePrincipal: grant.granteePrincipal,
    ...(grant.retiringPrincipal !== undefined && { RetiringPrincipal: grant.retiringPrincipal }),
    IssuingAccount: `arn:${ctx.partition}:iam::${parseArn(key.arn)?.account ?? ctx.account}:root`,
    Operations: grant.operations,
    ...(grant.constraints !== undefined && { Constraints: grant.constraints }),
  };
}

/** Removes a grant from its key (RetireGrant, RevokeGrant). */
export function removeGrant(key: RegionalKey, grantId: string): void {
  key.grants = key.grants.filter((grant) => grant.grantId !== grantId);
}
