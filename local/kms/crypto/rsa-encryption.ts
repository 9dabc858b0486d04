// RSA encryption with OAEP (RSAES_OAEP_SHA_1 / RSAES_OAEP_SHA_256), as KMS does for RSA keys of
// usage ENCRYPT_DECRYPT. The ciphertext is the bare RSA block: no header, so Decrypt needs KeyId.
import { constants, type KeyObject, privateDecrypt, publicEncrypt } from 'node:crypto';

export type RsaEncryptionAlgorithm = 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256';

const HASH: Readonly<Record<RsaEncryptionAlgorithm, { name: string; bytes: number }>> = {
  RSAES_OAEP_SHA_1: { name: 'sha1', bytes: 20 },
  RSAES_OAEP_SHA_256: { name: 'sha256', bytes: 32 },
};
const MODULUS_BYTES: Readonly<Record<string, number>> = { RSA_2048: 256, RSA_3072: 384, RSA_4096: 512 };

export function isRsaEncryptionAlgorithm(algorithm: string): algorithm is RsaEncryptionAlgorithm {
  return Object.hasOwn(HASH, algorithm);
}

/** The largest plaintext OAEP can take: k - 2*hLen - 2 (2048: 214 / 190, 3072: 342 / 318, 4096: 470 / 446). */
export function maxRsaPlaintext(keySpec: string, algorithm: RsaEncryptionAlgorithm): number {
  return (MODULUS_BYTES[keySpec] ?? 0) - 2 * HASH[algorithm].bytes - 2;
}

export function rsaEncrypt(
  publicKey: KeyObject,
  algorithm: RsaEncryptionAlgorithm,
  plaintext: Buffer,
): Buffer {
  return publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: HASH[algorithm].name },
    plaintext,
  );
}

/** Decrypts, or returns undefined when the block does not decrypt (wrong key, wrong hash, tampering). */
export function rsaDecrypt(
  privateKey: KeyObject,
  algorithm: RsaEncryptionAlgorithm,
  ciphertext: Buffer,
): Buffer | undefined {
  try {
    return privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: HASH[algorithm].name },
      ciphertext,
    );
  } catch {
    return undefined;
  }
}
