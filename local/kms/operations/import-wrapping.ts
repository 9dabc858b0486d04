// The wrapping side of key import (KMS-MRK-SPEC sections 3.1, 6): RSA wrapping key pairs, sealed
// import tokens and unwrapping with RSAES_OAEP_SHA_* or RSA_AES_KEY_WRAP_SHA_* (RSA-OAEP of an AES key,
// then AES key wrap with padding, RFC 5649).
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  generateKeyPair,
  privateDecrypt,
  randomBytes,
} from 'node:crypto';
import { promisify } from 'node:util';

export const WRAPPING_ALGORITHMS = [
  'RSAES_PKCS1_V1_5',
  'RSAES_OAEP_SHA_1',
  'RSAES_OAEP_SHA_256',
  'RSA_AES_KEY_WRAP_SHA_1',
  'RSA_AES_KEY_WRAP_SHA_256',
  'SM2PKE',
] as const;
export const WRAPPING_KEY_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2'] as const;
export const SUPPORTED_ALGORITHMS: readonly string[] = WRAPPING_ALGORITHMS.slice(1, 5);
export const SUPPORTED_SPECS: readonly string[] = WRAPPING_KEY_SPECS.slice(0, 3);

export const PARAMETERS_VALID_MS = 24 * 3_600_000;

const generate = promisify(generateKeyPair);
const pairs = new Map<string, Promise<{ publicKey: Buffer; privateKey: Buffer }>>();

/**
 * A wrapping key pair (DER). Deliberate difference from AWS: one pair per spec per process, because
 * RSA 4096 generation takes seconds; every import token still binds its own key, Region and expiry.
 */
export function wrappingKeyPair(spec: string): Promise<{ publicKey: Buffer; privateKey: Buffer }> {
  let pair = pairs.get(spec);
  if (!pair) {
    pair = generate('rsa', {
      modulusLength: Number(spec.slice('RSA_'.length)),
      publicKeyEncoding: { type: 'spki', format: 'der' },
      privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    });
    pairs.set(spec, pair);
  }
  return pair;
}

export interface ImportTokenBody {
  account: string;
  region: string;
  keyId: string;
  algorithm: string;
  validTo: number;
  /** The wrapping private key (PKCS#8 DER, base64): sealed, so a restart does not orphan a token. */
  privateKey: string;
}

const TOKEN_VERSION = 1;

/** Seals the token body with AES-256-GCM under the emulator's token key. */
export function sealImportToken(tokenKey: Buffer, body: ImportTokenBody): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', tokenKey, iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(body), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([TOKEN_VERSION]), iv, cipher.getAuthTag(), sealed]);
}

/** The token's body, or undefined when it was not sealed by this emulator (or was altered). */
export function openImportToken(tokenKey: Buffer, token: Buffer): ImportTokenBody | undefined {
  if (token.length < 30 || token[0] !== TOKEN_VERSION) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', tokenKey, token.subarray(1, 13));
    decipher.setAuthTag(token.subarray(13, 29));
    const json = Buffer.concat([decipher.update(token.subarray(29)), decipher.final()]).toString('utf8');
    return JSON.parse(json) as ImportTokenBody;
  } catch {
    return undefined;
  }
}

/** Unwraps imported key material; undefined when it does not decrypt under the token's key. */
export function unwrapMaterial(
  algorithm: string,
  privateKeyDer: Buffer,
  wrapped: Buffer,
): Buffer | undefined {
  try {
    const key = createPrivateKey({ key: privateKeyDer, format: 'der', type: 'pkcs8' });
    const oaepHash = algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256';
    const rsa = (data: Buffer) =>
      privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, data);
    if (algorithm.startsWith('RSAES_OAEP')) return rsa(wrapped);
    const modulusBytes = (key.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
    const aesKey = rsa(wrapped.subarray(0, modulusBytes));
    const decipher = createDecipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('a65959a6', 'hex'));
    return Buffer.concat([decipher.update(wrapped.subarray(modulusBytes)), decipher.final()]);
  } catch {
    return undefined;
  }
}
