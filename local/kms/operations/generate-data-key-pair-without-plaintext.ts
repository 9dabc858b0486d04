// GenerateDataKeyPairWithoutPlaintext: as GenerateDataKeyPair, without the plaintext private key.
import { type DataKeyInput, dataKeyPairMembers, makeDataKeyPair } from './data-key.js';
import { defineOperation } from './operation.js';

const { Recipient: _recipient, ...members } = dataKeyPairMembers;

export const generateDataKeyPairWithoutPlaintext = defineOperation({
  input: { members, required: ['KeyId', 'KeyPairSpec'] },
  readOnly: true,
  run(ctx, input: DataKeyInput) {
    const pair = makeDataKeyPair(ctx, input, 'GenerateDataKeyPairWithoutPlaintext');
    return {
      PrivateKeyCiphertextBlob: pair.encrypted.blob.toString('base64'),
      PublicKey: pair.publicKey.toString('base64'),
      KeyId: pair.resolved.key.arn,
      KeyPairSpec: input.KeyPairSpec,
      KeyMaterialId: pair.encrypted.materialId,
    };
  },
});
