// The bearer-token verifier: only ES256/RS256 from the JWKS, issuer, audience, expiry, not-before, claims.
import { base64url, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalJwtIssuer, type LocalJwtIssuer } from '../../../local/auth/local-jwt-issuer.js';
import { createTokenVerifier } from '../../../src/app/auth/verify-token.js';
import { UnauthorizedError } from '../../../src/core/errors.js';
import { FixedClock } from '../../../src/core/fakes/fixed-clock.js';

const NOW = Date.parse('2026-01-01T00:00:00Z') / 1000;
const identity = { sub: 'alice', tenants: ['payments'], roles: ['operator', 'wizard'] };
let issuer: LocalJwtIssuer;

beforeAll(async () => {
  issuer = await createLocalJwtIssuer({ now: () => NOW });
});

function verifier(clock = new FixedClock(new Date(NOW * 1000))) {
  return createTokenVerifier({
    issuer: issuer.issuer,
    audience: issuer.audience,
    keys: issuer.keys,
    clock,
    clockToleranceSeconds: 0,
  });
}

async function reason(token: string, clock?: FixedClock): Promise<string> {
  const error = await verifier(clock)(token).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnauthorizedError);
  return (error as Error).message;
}

describe('createTokenVerifier', () => {
  it('accepts a token of the issuer and keeps only known roles', async () => {
    const principal = await verifier()(await issuer.issueToken(identity, 600));
    expect(principal).toEqual({ sub: 'alice', tenants: ['payments'], roles: ['operator'] });
  });

  it('refuses an expired token and one not yet valid', async () => {
    const token = await issuer.issueToken(identity, 600);
    const later = new FixedClock(new Date((NOW + 601) * 1000));
    expect(await reason(token, later)).toBe('token expired');
    const earlier = new FixedClock(new Date((NOW - 60) * 1000));
    expect(await reason(token, earlier)).toMatch(/nbf|iat/);
  });

  it('refuses another issuer or audience', async () => {
    const other = await createLocalJwtIssuer({ now: () => NOW, issuer: 'https://evil', audience: 'else' });
    const token = await other.issueToken(identity);
    expect(await reason(token)).toMatch(/iss|no matching key|signature/);
  });

  it('refuses alg none', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(
      JSON.stringify({ ...identity, iss: issuer.issuer, aud: issuer.audience, exp: NOW + 600, iat: NOW }),
    );
    expect(await reason(`${header}.${payload}.`)).toBe('signing algorithm not allowed');
  });

  it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const publicJwk = issuer.jwks().keys[0]!;
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const token = await new SignJWT({ tenants: identity.tenants, roles: identity.roles })
      .setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid })
      .setSubject('mallory')
      .setIssuer(issuer.issuer)
      .setAudience(issuer.audience)
      .setIssuedAt(NOW)
      .setExpirationTime(NOW + 600)
      .sign(secret);
    expect(await reason(token)).toBe('signing algorithm not allowed');
  });

  it('refuses a token signed by a key that is not in the JWKS', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ tenants: [], roles: ['admin'] })
      .setProtectedHeader({ alg: 'ES256', kid: issuer.jwks().keys[0]!.kid })
      .setSubject('mallory')
      .setIssuer(issuer.issuer)
      .setAudience(issuer.audience)
      .setIssuedAt(NOW)
      .setExpirationTime(NOW + 600)
      .sign(privateKey);
    expect(await reason(token)).toBe('signature does not verify');
  });

  it('refuses a token without the tenants/roles claims, and malformed text', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'rsa-1', alg: 'RS256' };
    const { createLocalJWKSet } = await import('jose');
    const rsVerifier = createTokenVerifier({
      issuer: 'i',
      audience: 'a',
      keys: createLocalJWKSet({ keys: [jwk] }),
      clock: new FixedClock(new Date(NOW * 1000)),
    });
    const bare = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .setSubject('bob')
      .setIssuer('i')
      .setAudience('a')
      .setExpirationTime(NOW + 60)
      .sign(privateKey);
    await expect(rsVerifier(bare)).rejects.toThrow('the token lacks sub, tenants or roles claims');
    expect(await reason('not-a-token')).toBe('malformed token');
    expect(await reason('a.b.c')).toMatch(/invalid token/);
  });
});
