// What GenerateMac and VerifyMac share: the input shape and the checks in AWS's order (lookup and
// key state, key usage, MAC algorithm against key spec).
import { macAlgorithms } from '../model/metadata.js';
import { type ResolvedKey, resolveKey } from '../model/resolve.js';
import { assertUsage } from '../model/usage.js';
import { errors } from '../protocol/errors.js';
import { blob, bool, enumOf, grantTokensShape, keyIdShape } from '../protocol/shapes.js';
import type { OperationContext } from './operation.js';

export const macMembers = {
  Message: blob({ min: 1, max: 4096 }),
  KeyId: keyIdShape,
  // AWS lists the set in this order in its validation message (AWS-recorded).
  MacAlgorithm: enumOf(['HMAC_SHA_384', 'HMAC_SHA_256', 'HMAC_SHA_224', 'HMAC_SHA_512']),
  GrantTokens: grantTokensShape,
  DryRun: bool(),
};

export interface MacInput {
  Message: Buffer;
  KeyId: string;
  MacAlgorithm: string;
  DryRun?: boolean;
}

export function macKey(
  ctx: OperationContext,
  input: MacInput,
  operation: 'GenerateMac' | 'VerifyMac',
): ResolvedKey {
  const resolved = resolveKey(ctx, input.KeyId, { aliases: true, operation });
  const { shared, key } = resolved;
  assertUsage(shared, key, 'GENERATE_VERIFY_MAC', operation);
  if (!macAlgorithms(shared.keySpec).includes(input.MacAlgorithm)) {
    throw errors.invalidKeyUsage(
      `Algorithm ${input.MacAlgorithm} is incompatible with key spec ${shared.keySpec}.`,
    );
  }
  if (input.DryRun) throw errors.dryRun();
  return resolved;
}
