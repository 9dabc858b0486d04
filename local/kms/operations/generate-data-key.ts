// GenerateDataKey: a fresh data key, in plaintext and encrypted under a symmetric KMS key.
import { type DataKeyInput, dataKeyMembers, makeDataKey } from './data-key.js';
import { defineOperation } from './operation.js';

export const generateDataKey = defineOperation({
  input: { members: dataKeyMembers, required: ['KeyId'] },
  readOnly: true,
  run(ctx, input: DataKeyInput) {
    const { resolved, plaintext, encrypted } = makeDataKey(ctx, input, 'GenerateDataKey');
    return {
      CiphertextBlob: encrypted.blob.toString('base64'),
      Plaintext: plaintext.toString('base64'),
      KeyId: resolved.key.arn,
      KeyMaterialId: encrypted.materialId,
    };
  },
});
