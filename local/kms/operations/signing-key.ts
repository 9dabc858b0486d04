// What Sign and Verify share: the input shape, and the checks in AWS's order (lookup and key state,
// key usage, algorithm against key spec, digest length) before any signature work.
import { digestLength, type MessageType } from '../crypto/signing.js';
import { signingAlgorithms } from '../model/metadata.js';
import { type ResolvedKey, resolveKey } from '../model/resolve.js';
import { assertUsage } from '../model/usage.js';
import { errors } from '../protocol/errors.js';
import { blob, bool, enumOf, grantTokensShape, keyIdShape } from '../protocol/shapes.js';
import type { OperationContext } from './operation.js';

export const SIGNING_ALGORITHMS = [
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
  'ECDSA_SHA_256',
  'ECDSA_SHA_384',
  'ECDSA_SHA_512',
  'SM2DSA',
  'ML_DSA_SHAKE_256',
  'ED25519_SHA_512',
  'ED25519_PH_SHA_512',
] as const;

export const signingMembers = {
  KeyId: keyIdShape,
  Message: blob({ min: 1, max: 4096 }),
  MessageType: enumOf(['RAW', 'DIGEST', 'EXTERNAL_MU']),
  GrantTokens: grantTokensShape,
  SigningAlgorithm: enumOf(SIGNING_ALGORITHMS),
  DryRun: bool(),
};

export interface SigningInput {
  KeyId: string;
  Message: Buffer;
  MessageType?: string;
  SigningAlgorithm: string;
  DryRun?: boolean;
}

export function signingKey(
  ctx: OperationContext,
  input: SigningInput,
  operation: 'Sign' | 'Verify',
): { resolved: ResolvedKey; messageType: MessageType } {
  const resolved = resolveKey(ctx, input.KeyId, { aliases: true, operation });
  const { shared, key } = resolved;
  assertUsage(shared, key, 'SIGN_VERIFY', operation);
  if (!signingAlgorithms(shared.keySpec).includes(input.SigningAlgorithm)) {
    throw errors.invalidKeyUsage(
      `Algorithm ${input.SigningAlgorithm} is incompatible with key spec ${shared.keySpec}.`,
    );
  }
  const messageType = input.MessageType ?? 'RAW';
  if (messageType === 'EXTERNAL_MU') {
    // UNCONFIRMED: EXTERNAL_MU is for ML-DSA keys only; the error and wording are ours.
    throw errors.invalidKeyUsage(`Message type EXTERNAL_MU is incompatible with key spec ${shared.keySpec}.`);
  }
  if (messageType === 'DIGEST' && input.Message.length !== digestLength(input.SigningAlgorithm)) {
    throw errors.validation(`Digest is invalid length for algorithm ${input.SigningAlgorithm}.`);
  }
  if (input.DryRun) throw errors.dryRun();
  return { resolved, messageType: messageType as MessageType };
}
