// What GenerateDataKey(+WithoutPlaintext) and GenerateDataKeyPair(+WithoutPlaintext) share: the
// KMS key must be a symmetric encryption key, and the data key is returned encrypted under it
// (the ordinary symmetric ciphertext, so Decrypt in any member Region opens it).
import { keyPair } from '../crypto/material.js';
import { type ResolvedKey, resolveKey } from '../model/resolve.js';
import { assertUsage } from '../model/usage.js';
import { errors } from '../protocol/errors.js';
import {
  bool,
  encryptionContextShape,
  enumOf,
  grantTokensShape,
  int,
  keyIdShape,
} from '../protocol/shapes.js';
import { type Encrypted, type EncryptionContext, encryptUnder } from './encryption.js';
import type { OperationContext } from './operation.js';
import { recipientShape, refuseRecipient } from './recipient.js';

export const DATA_KEY_PAIR_SPECS = [
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
  'SM2',
  'ECC_NIST_EDWARDS25519',
] as const;

export const dataKeyMembers = {
  KeyId: keyIdShape,
  EncryptionContext: encryptionContextShape,
  NumberOfBytes: int({ min: 1, max: 1024 }),
  KeySpec: enumOf(['AES_256', 'AES_128']),
  GrantTokens: grantTokensShape,
  Recipient: recipientShape,
  DryRun: bool(),
};

export const dataKeyPairMembers = {
  KeyId: keyIdShape,
  KeyPairSpec: enumOf(DATA_KEY_PAIR_SPECS),
  EncryptionContext: encryptionContextShape,
  GrantTokens: grantTokensShape,
  Recipient: recipientShape,
  DryRun: bool(),
};

export interface DataKeyInput {
  KeyId: string;
  EncryptionContext?: Record<string, string>;
  NumberOfBytes?: number;
  KeySpec?: string;
  KeyPairSpec?: string;
  Recipient?: unknown;
  DryRun?: boolean;
}

/** Resolves the wrapping key and checks it can wrap data keys (symmetric ENCRYPT_DECRYPT). */
function wrappingKey(ctx: OperationContext, input: DataKeyInput, operation: string): ResolvedKey {
  refuseRecipient(input.Recipient);
  const resolved = resolveKey(ctx, input.KeyId, { aliases: true, operation });
  assertUsage(resolved.shared, resolved.key, 'ENCRYPT_DECRYPT', operation);
  if (resolved.shared.keySpec !== 'SYMMETRIC_DEFAULT') {
    // UNCONFIRMED: AWS refuses asymmetric wrapping keys with InvalidKeyUsageException; the wording is ours.
    throw errors.invalidKeyUsage(
      `${resolved.key.arn} key spec is ${resolved.shared.keySpec} which is not valid for ${operation}.`,
    );
  }
  return resolved;
}

function wrap(ctx: OperationContext, resolved: ResolvedKey, plaintext: Buffer, context: EncryptionContext) {
  return encryptUnder(ctx, resolved, 'SYMMETRIC_DEFAULT', plaintext, context);
}

export interface DataKey {
  resolved: ResolvedKey;
  plaintext: Buffer;
  encrypted: Encrypted;
}

export function makeDataKey(ctx: OperationContext, input: DataKeyInput, operation: string): DataKey {
  // UNCONFIRMED exact text; moto and local-kms both answer this.
  if ((input.NumberOfBytes === undefined) === (input.KeySpec === undefined))
    throw errors.validation('Please specify either number of bytes or key spec.');
  const resolved = wrappingKey(ctx, input, operation);
  if (input.DryRun) throw errors.dryRun();
  const length = input.NumberOfBytes ?? (input.KeySpec === 'AES_128' ? 16 : 32);
  const plaintext = ctx.random(length);
  return { resolved, plaintext, encrypted: wrap(ctx, resolved, plaintext, input.EncryptionContext) };
}

export interface DataKeyPair {
  resolved: ResolvedKey;
  privateKey: Buffer;
  publicKey: Buffer;
  encrypted: Encrypted;
}

export function makeDataKeyPair(ctx: OperationContext, input: DataKeyInput, operation: string): DataKeyPair {
  const resolved = wrappingKey(ctx, input, operation);
  // SM2 exists only in the China Regions (KMS-MRK-SPEC section 13); the emulator has no SM2.
  if (input.KeyPairSpec === 'SM2')
    throw errors.unsupported('KeyPairSpec SM2 is not supported by the KMS emulator.');
  if (input.DryRun) throw errors.dryRun();
  const pair = keyPair(input.KeyPairSpec as string);
  return {
    resolved,
    ...pair,
    encrypted: wrap(ctx, resolved, pair.privateKey, input.EncryptionContext),
  };
}
