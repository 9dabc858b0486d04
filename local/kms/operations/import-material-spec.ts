// What imported key material must be for each key spec, and which wrapping algorithms can carry it (KMS
// Developer Guide, "Requirements for imported key material" and "Select a wrapping algorithm"):
// symmetric keys take 32 bytes, HMAC keys a secret of their spec's length range, RSA and ECC keys a
// DER-encoded PKCS#8 private key of their size or curve (the public key is derived from it).
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { KeySpec, MaterialVersion } from '../model/types.js';
import { errors } from '../protocol/errors.js';

const HMAC_BYTES: Partial<Record<KeySpec, readonly [number, number]>> = {
  HMAC_224: [28, 64],
  HMAC_256: [32, 64],
  HMAC_384: [48, 128],
  HMAC_512: [64, 128],
};
const CURVES: Partial<Record<KeySpec, string>> = {
  ECC_NIST_P256: 'prime256v1',
  ECC_NIST_P384: 'secp384r1',
  ECC_NIST_P521: 'secp521r1',
  ECC_SECG_P256K1: 'secp256k1',
};
const RSA_BITS: Partial<Record<KeySpec, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };

/** The key specs whose material can be imported (Origin=EXTERNAL). */
export function importable(spec: KeySpec): boolean {
  return spec === 'SYMMETRIC_DEFAULT' || spec in HMAC_BYTES || spec in CURVES || spec in RSA_BITS;
}

/**
 * Refuses a wrapping algorithm and wrapping key spec that cannot carry this key spec's material: an RSA
 * private key needs an RSA_AES algorithm; ECC_NIST_P521 is too large for RSAES_OAEP under RSA_2048.
 * UNCONFIRMED: AWS's error type and text; the rules are documented.
 */
export function checkWrapping(spec: KeySpec, algorithm: string, wrappingKeySpec: string): void {
  if (spec in RSA_BITS && algorithm.startsWith('RSAES_')) {
    throw errors.validation(
      `Wrapping algorithm ${algorithm} cannot wrap ${spec} key material; use RSA_AES_KEY_WRAP_SHA_1 or RSA_AES_KEY_WRAP_SHA_256.`,
    );
  }
  if (spec === 'ECC_NIST_P521' && algorithm.startsWith('RSAES_') && wrappingKeySpec === 'RSA_2048') {
    throw errors.validation(
      `Wrapping algorithm ${algorithm} with wrapping key spec RSA_2048 cannot wrap ${spec} key material; use a larger wrapping key or an RSA_AES_KEY_WRAP algorithm.`,
    );
  }
}

/**
 * The material version fields for unwrapped bytes of a key spec; ValidationException when they are not
 * valid material for it. UNCONFIRMED: AWS's texts.
 */
export function materialFields(spec: KeySpec, bytes: Buffer): Omit<MaterialVersion, 'id' | 'createdAt'> {
  if (spec === 'SYMMETRIC_DEFAULT') {
    if (bytes.length !== 32)
      throw errors.validation('Key material for SYMMETRIC_DEFAULT keys must be 256 bits (32 bytes).');
    return { secret: bytes.toString('base64') };
  }
  const hmac = HMAC_BYTES[spec];
  if (hmac) {
    if (bytes.length < hmac[0] || bytes.length > hmac[1]) {
      throw errors.validation(`Key material for ${spec} keys must be ${hmac[0]} to ${hmac[1]} bytes.`);
    }
    return { secret: bytes.toString('base64') };
  }
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    privateKey = createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' });
  } catch {
    throw errors.validation(`Key material for ${spec} keys must be a DER-encoded PKCS#8 private key.`);
  }
  const details = privateKey.asymmetricKeyDetails;
  const fits =
    spec in RSA_BITS
      ? privateKey.asymmetricKeyType === 'rsa' && details?.modulusLength === RSA_BITS[spec]
      : privateKey.asymmetricKeyType === 'ec' && details?.namedCurve === CURVES[spec];
  if (!fits) throw errors.validation(`The imported private key is not a ${spec} key.`);
  return {
    privateKey: bytes.toString('base64'),
    publicKey: createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}
