// HMAC for GENERATE_VERIFY_MAC keys. Every member of a set holds the same secret, so the same
// message gives the same MAC in every Region (KMS-MRK-SPEC section 9).
import { createHmac, timingSafeEqual } from 'node:crypto';

const HASH: Readonly<Record<string, string>> = {
  HMAC_SHA_224: 'sha224',
  HMAC_SHA_256: 'sha256',
  HMAC_SHA_384: 'sha384',
  HMAC_SHA_512: 'sha512',
};

export const MAC_ALGORITHMS = Object.keys(HASH);

export function computeMac(secret: Buffer, algorithm: string, message: Buffer): Buffer {
  const hash = HASH[algorithm];
  if (!hash) throw new Error(`Unknown MAC algorithm ${algorithm}`);
  return createHmac(hash, secret).update(message).digest();
}

export function macMatches(secret: Buffer, algorithm: string, message: Buffer, mac: Buffer): boolean {
  const expected = computeMac(secret, algorithm, message);
  return expected.length === mac.length && timingSafeEqual(expected, mac);
}
