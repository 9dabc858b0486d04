// Verify: checks a signature; a bad one is KMSInvalidSignatureException with no message (AWS-recorded).
import { privateKeyOf, publicKeyOf } from '../crypto/key-cache.js';
import { verifyMessage } from '../crypto/signing.js';
import { currentMaterial } from '../model/usage.js';
import { errors } from '../protocol/errors.js';
import { blob } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';
import { type SigningInput, signingKey, signingMembers } from './signing-key.js';

export const verify = defineOperation({
  input: {
    members: { ...signingMembers, Signature: blob({ min: 1, max: 6144 }) },
    required: ['KeyId', 'Message', 'Signature', 'SigningAlgorithm'],
  },
  readOnly: true,
  run(ctx, input: SigningInput & { Signature: Buffer }) {
    const { resolved, messageType } = signingKey(ctx, input, 'Verify');
    const material = currentMaterial(resolved.shared, resolved.key);
    const keys = { privateKey: privateKeyOf(material), publicKey: publicKeyOf(material) };
    if (!verifyMessage(keys, input.SigningAlgorithm, messageType, input.Message, input.Signature))
      throw errors.invalidSignature();
    return { KeyId: resolved.key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
  },
});
