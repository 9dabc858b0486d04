// GenerateDataKeyPair: a fresh asymmetric pair; the private key comes back in plaintext and
// encrypted under a symmetric KMS key, the public key as DER SubjectPublicKeyInfo.
import { type DataKeyInput, dataKeyPairMembers, makeDataKeyPair } from './data-key.js';
import { defineOperation } from './operation.js';

export const generateDataKeyPair = defineOperation({
  input: { members: dataKeyPairMembers, required: ['KeyId', 'KeyPairSpec'] },
  readOnly: true,
  run(ctx, input: DataKeyInput) {
    const pair = makeDataKeyPair(ctx, input, 'GenerateDataKeyPair');
    return {
      PrivateKeyCiphertextBlob: pair.encrypted.blob.toString('base64'),
      PrivateKeyPlaintext: pair.privateKey.toString('base64'),
      PublicKey: pair.publicKey.toString('base64'),
      KeyId: pair.resolved.key.arn,
      KeyPairSpec: input.KeyPairSpec,
      KeyMaterialId: pair.encrypted.materialId,
    };
  },
});
