// The local JWT issuer: an ES256 key pair kept in a folder, its JWKS, and tokens for any identity.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';

export const LOCAL_ISSUER = 'https://mrk-control-plane.local/issuer';
export const LOCAL_AUDIENCE = 'mrk-control-plane';
const KEY_FILE = 'jwt-signing-key.json';

export interface LocalIdentity {
  readonly sub: string;
  readonly tenants: readonly string[];
  readonly roles: readonly string[];
}

export interface LocalJwtIssuerOptions {
  /** Folder that keeps the key pair across restarts; omitted = a fresh key in memory. */
  readonly dir?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** Seconds since the epoch "now" for iat/exp (tests). Default: the system clock. */
  readonly now?: () => number;
}

export interface LocalJwtIssuer {
  readonly issuer: string;
  readonly audience: string;
  /** The public JWKS document (what JWKS_URL serves). */
  jwks(): JSONWebKeySet;
  /** A key resolver over the JWKS for jose's jwtVerify (no HTTP round trip locally). */
  readonly keys: JWTVerifyGetKey;
  /** A signed ES256 token carrying `sub`, `tenants` and `roles`, valid for `ttlSeconds` (default 1 h). */
  issueToken(identity: LocalIdentity, ttlSeconds?: number): Promise<string>;
}

export async function createLocalJwtIssuer(options: LocalJwtIssuerOptions = {}): Promise<LocalJwtIssuer> {
  const issuer = options.issuer ?? LOCAL_ISSUER;
  const audience = options.audience ?? LOCAL_AUDIENCE;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const privateJwk = await loadOrCreateKey(options.dir);
  const { d: _secret, ...publicJwk } = privateJwk;
  const kid = privateJwk.kid!;
  const document: JSONWebKeySet = { keys: [{ ...publicJwk, use: 'sig', alg: 'ES256', kid }] };
  const signingKey = await importJWK(privateJwk, 'ES256');
  return {
    issuer,
    audience,
    jwks: () => structuredClone(document),
    keys: createLocalJWKSet(document),
    async issueToken(identity, ttlSeconds = 3600) {
      const issuedAt = now();
      return new SignJWT({ tenants: [...identity.tenants], roles: [...identity.roles] })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .setSubject(identity.sub)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        .setNotBefore(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(signingKey);
    },
  };
}

async function loadOrCreateKey(dir: string | undefined): Promise<JWK> {
  if (dir !== undefined) {
    try {
      const stored = JSON.parse(await readFile(join(dir, KEY_FILE), 'utf8')) as JWK;
      if (stored.kty === 'EC' && stored.crv === 'P-256' && stored.d && stored.kid) return stored;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const key: JWK = { ...jwk, kid: `local-${Date.now().toString(36)}`, alg: 'ES256' };
  if (dir !== undefined) {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, KEY_FILE), `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
  }
  return key;
}
