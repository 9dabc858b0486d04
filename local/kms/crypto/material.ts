// New key material for each key spec, from node:crypto. Symmetric and HMAC keys get random
// secrets; asymmetric keys a real key pair (the whole set shares it: KMS-MRK-SPEC section 9).
import { generateKeyPairSync } from 'node:crypto';
import type { KeySpec, MaterialVersion } from '../model/types.js';

const HMAC_BYTES: Partial<Record<KeySpec, number>> = {
  HMAC_224: 28,
  HMAC_256: 32,
  HMAC_384: 48,
  HMAC_512: 64,
};
const CURVES: Partial<Record<KeySpec, string>> = {
  ECC_NIST_P256: 'prime256v1',
  ECC_NIST_P384: 'secp384r1',
  ECC_NIST_P521: 'secp521r1',
  ECC_SECG_P256K1: 'secp256k1',
};
const RSA_BITS: Partial<Record<KeySpec, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };

export function newMaterial(spec: KeySpec, now: number, random: (bytes: number) => Buffer): MaterialVersion {
  const id = random(32).toString('hex');
  if (spec === 'SYMMETRIC_DEFAULT') return { id, createdAt: now, secret: random(32).toString('base64') };
  const hmacBytes = HMAC_BYTES[spec];
  if (hmacBytes) return { id, createdAt: now, secret: random(hmacBytes).toString('base64') };
  const pair = keyPair(spec);
  return {
    id,
    createdAt: now,
    privateKey: pair.privateKey.toString('base64'),
    publicKey: pair.publicKey.toString('base64'),
  };
}

/** A DER key pair (PKCS#8 private, SPKI public) for an asymmetric key spec or data key pair spec. */
export function keyPair(spec: string): { privateKey: Buffer; publicKey: Buffer } {
  const publicKeyEncoding = { type: 'spki', format: 'der' } as const;
  const privateKeyEncoding = { type: 'pkcs8', format: 'der' } as const;
  const bits = RSA_BITS[spec as KeySpec];
  if (bits) return generateKeyPairSync('rsa', { modulusLength: bits, publicKeyEncoding, privateKeyEncoding });
  const curve = CURVES[spec as KeySpec];
  if (curve) return generateKeyPairSync('ec', { namedCurve: curve, publicKeyEncoding, privateKeyEncoding });
  // Data key pairs only (GenerateDataKeyPair); the emulator does not create Ed25519 KMS keys.
  if (spec === 'ECC_NIST_EDWARDS25519')
    return generateKeyPairSync('ed25519', { publicKeyEncoding, privateKeyEncoding });
  throw new Error(`No key pair for spec ${spec}`);
}
