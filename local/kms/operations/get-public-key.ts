// GetPublicKey: the DER SubjectPublicKeyInfo of an asymmetric key; identical in every member Region.
import { encryptionAlgorithms, signingAlgorithms } from '../model/metadata.js';
import { resolveKey } from '../model/resolve.js';
import { currentMaterial } from '../model/usage.js';
import { errors } from '../protocol/errors.js';
import { grantTokensShape, keyIdShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';

export const getPublicKey = defineOperation({
  input: { members: { KeyId: keyIdShape, GrantTokens: grantTokensShape }, required: ['KeyId'] },
  readOnly: true,
  run(ctx, input: { KeyId: string }) {
    const { shared, key } = resolveKey(ctx, input.KeyId, { aliases: true, operation: 'GetPublicKey' });
    const material = currentMaterial(shared, key);
    if (!material.publicKey) {
      // UNCONFIRMED: AWS refuses symmetric and HMAC keys with UnsupportedOperationException; wording ours.
      throw errors.unsupported(`${key.arn} key spec is ${shared.keySpec} which has no public key.`);
    }
    return {
      KeyId: key.arn,
      PublicKey: material.publicKey,
      CustomerMasterKeySpec: shared.keySpec,
      KeySpec: shared.keySpec,
      KeyUsage: shared.keyUsage,
      ...(shared.keyUsage === 'ENCRYPT_DECRYPT' && {
        EncryptionAlgorithms: encryptionAlgorithms(shared.keySpec),
      }),
      ...(shared.keyUsage === 'SIGN_VERIFY' && { SigningAlgorithms: signingAlgorithms(shared.keySpec) }),
      ...(shared.keyUsage === 'KEY_AGREEMENT' && { KeyAgreementAlgorithms: ['ECDH'] }),
    };
  },
});
