// Sign: RSA (PSS, PKCS#1 v1.5) and ECDSA (DER) signatures over a RAW message or a DIGEST. Every
// member of a set holds the same key pair, so signatures verify in every Region.
import { privateKeyOf } from '../crypto/key-cache.js';
import { signMessage } from '../crypto/signing.js';
import { currentMaterial } from '../model/usage.js';
import { defineOperation } from './operation.js';
import { type SigningInput, signingKey, signingMembers } from './signing-key.js';

export const sign = defineOperation({
  input: { members: signingMembers, required: ['KeyId', 'Message', 'SigningAlgorithm'] },
  readOnly: true,
  run(ctx, input: SigningInput) {
    const { resolved, messageType } = signingKey(ctx, input, 'Sign');
    const privateKey = privateKeyOf(currentMaterial(resolved.shared, resolved.key));
    const signature = signMessage(privateKey, input.SigningAlgorithm, messageType, input.Message);
    return {
      KeyId: resolved.key.arn,
      Signature: signature.toString('base64'),
      SigningAlgorithm: input.SigningAlgorithm,
    };
  },
});
