// Sign and Verify for RSA and ECC keys: RAW messages are hashed by node:crypto, DIGEST messages
// use the digest routines, so a DIGEST signature verifies against the RAW message and vice versa.
import { constants, createHash, type KeyObject, sign, verify } from 'node:crypto';
import { ecdsaSignDigest, ecdsaVerifyDigest } from './ecdsa-digest.js';
import { pkcs1SignDigest, pkcs1VerifyDigest, pssSignDigest, pssVerifyDigest } from './rsa-digest.js';

type Scheme = 'PKCS1' | 'PSS' | 'ECDSA';

interface Algorithm {
  scheme: Scheme;
  hash: string;
  digestBytes: number;
}

const ALGORITHMS: Readonly<Record<string, Algorithm>> = {
  RSASSA_PSS_SHA_256: { scheme: 'PSS', hash: 'sha256', digestBytes: 32 },
  RSASSA_PSS_SHA_384: { scheme: 'PSS', hash: 'sha384', digestBytes: 48 },
  RSASSA_PSS_SHA_512: { scheme: 'PSS', hash: 'sha512', digestBytes: 64 },
  RSASSA_PKCS1_V1_5_SHA_256: { scheme: 'PKCS1', hash: 'sha256', digestBytes: 32 },
  RSASSA_PKCS1_V1_5_SHA_384: { scheme: 'PKCS1', hash: 'sha384', digestBytes: 48 },
  RSASSA_PKCS1_V1_5_SHA_512: { scheme: 'PKCS1', hash: 'sha512', digestBytes: 64 },
  ECDSA_SHA_256: { scheme: 'ECDSA', hash: 'sha256', digestBytes: 32 },
  ECDSA_SHA_384: { scheme: 'ECDSA', hash: 'sha384', digestBytes: 48 },
  ECDSA_SHA_512: { scheme: 'ECDSA', hash: 'sha512', digestBytes: 64 },
};

export type MessageType = 'RAW' | 'DIGEST';

/** The digest length a DIGEST message must have for this algorithm. */
export function digestLength(algorithm: string): number {
  return (ALGORITHMS[algorithm] as Algorithm).digestBytes;
}

function rsaOptions(key: KeyObject, algorithm: Algorithm) {
  return algorithm.scheme === 'PSS'
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.digestBytes }
    : { key, padding: constants.RSA_PKCS1_PADDING };
}

export function signMessage(
  privateKey: KeyObject,
  algorithmName: string,
  messageType: MessageType,
  message: Buffer,
): Buffer {
  const algorithm = ALGORITHMS[algorithmName] as Algorithm;
  if (messageType === 'RAW') return sign(algorithm.hash, message, rsaOptions(privateKey, algorithm));
  switch (algorithm.scheme) {
    case 'ECDSA':
      return ecdsaSignDigest(privateKey, message);
    case 'PKCS1':
      return pkcs1SignDigest(privateKey, algorithm.hash, message);
    case 'PSS':
      return pssSignDigest(privateKey, algorithm.hash, message);
  }
}

/** Verifies with the public key; ECDSA over a digest needs the private scalar (see ecdsa-digest.ts). */
export function verifyMessage(
  keys: { privateKey: KeyObject; publicKey: KeyObject },
  algorithmName: string,
  messageType: MessageType,
  message: Buffer,
  signature: Buffer,
): boolean {
  const algorithm = ALGORITHMS[algorithmName] as Algorithm;
  try {
    if (messageType === 'RAW')
      return verify(algorithm.hash, message, rsaOptions(keys.publicKey, algorithm), signature);
  } catch {
    return false;
  }
  switch (algorithm.scheme) {
    case 'ECDSA':
      return ecdsaVerifyDigest(keys.privateKey, message, signature);
    case 'PKCS1':
      return pkcs1VerifyDigest(keys.publicKey, algorithm.hash, message, signature);
    case 'PSS':
      return pssVerifyDigest(keys.publicKey, algorithm.hash, message, signature);
  }
}

/** Hashes a RAW message the way the algorithm does (used by tests and by callers wanting a digest). */
export function digestOf(algorithmName: string, message: Buffer): Buffer {
  return createHash((ALGORITHMS[algorithmName] as Algorithm).hash)
    .update(message)
    .digest();
}
