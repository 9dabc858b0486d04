// Bearer JWT verification with jose: signature from the JWKS, issuer, audience, expiry, not-before, claims.
import { errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import * as z from 'zod';
import { UnauthorizedError } from '../../core/errors.js';
import type { Principal } from '../../core/guardrails/check-guardrails.js';
import type { Clock } from '../../core/ports/clock.js';
import { isRole } from './roles.js';

/**
 * Asymmetric algorithms only: `none` and HS256 are refused before any key is looked at, so a token
 * signed with an HMAC over a public key (the RS/HS confusion) never verifies.
 */
export const ALLOWED_ALGORITHMS = ['ES256', 'RS256'] as const;

const MAX_TOKEN_LENGTH = 8192;

export interface TokenVerifierOptions {
  readonly issuer: string;
  readonly audience: string;
  /** The JWKS: jose's createRemoteJWKSet(url) when deployed, createLocalJWKSet(document) locally. */
  readonly keys: JWTVerifyGetKey;
  readonly clock: Clock;
  /** Leeway for exp / nbf against clock skew. Default 30 s. */
  readonly clockToleranceSeconds?: number;
}

const claimsSchema = z.object({
  sub: z.string().min(1).max(256),
  tenants: z.array(z.string().min(1).max(128)).max(100),
  roles: z.array(z.string().min(1).max(64)).max(20),
});

export type TokenVerifier = (token: string) => Promise<Principal>;

/** Resolves the principal, or throws UnauthorizedError whose message is the reason (for logs and audit). */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  return async (token) => {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) {
      throw new UnauthorizedError('malformed token');
    }
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, options.keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: [...ALLOWED_ALGORITHMS],
        currentDate: options.clock.now(),
        clockTolerance: options.clockToleranceSeconds ?? 30,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw new UnauthorizedError(reasonOf(error), { cause: error });
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new UnauthorizedError('the token lacks sub, tenants or roles claims');
    // Unknown role names grant nothing; keeping only known ones makes that explicit downstream.
    return { sub: claims.data.sub, tenants: claims.data.tenants, roles: claims.data.roles.filter(isRole) };
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} failed: ${error.reason}`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'signing algorithm not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no matching key in the JWKS';
  if (error instanceof errors.JOSEError) return `invalid token (${error.code})`;
  return 'invalid token';
}
