// GenerateDataKeyWithoutPlaintext: as GenerateDataKey, but only the encrypted copy leaves KMS.
import { type DataKeyInput, dataKeyMembers, makeDataKey } from './data-key.js';
import { defineOperation } from './operation.js';

const { Recipient: _recipient, ...members } = dataKeyMembers;

export const generateDataKeyWithoutPlaintext = defineOperation({
  input: { members, required: ['KeyId'] },
  readOnly: true,
  run(ctx, input: DataKeyInput) {
    const { resolved, encrypted } = makeDataKey(ctx, input, 'GenerateDataKeyWithoutPlaintext');
    return {
      CiphertextBlob: encrypted.blob.toString('base64'),
      KeyId: resolved.key.arn,
      KeyMaterialId: encrypted.materialId,
    };
  },
});
