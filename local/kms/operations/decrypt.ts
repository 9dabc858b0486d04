// Decrypt: any member of a set decrypts any sibling's ciphertext and answers with its own ARN
// (KMS-MRK-SPEC section 9, "MRK interoperability"); RSA ciphertext needs KeyId and the algorithm.
import { errors } from '../protocol/errors.js';
import { bool, encryptionContextShape, enumOf, grantTokensShape, keyIdShape } from '../protocol/shapes.js';
import {
  ciphertextBlobShape,
  DRY_RUN_MODIFIERS,
  decryptBlob,
  ENCRYPTION_ALGORITHMS,
  ignoresCiphertext,
} from './encryption.js';
import { defineOperation } from './operation.js';
import { recipientShape, refuseRecipient } from './recipient.js';

interface Input {
  CiphertextBlob: Buffer;
  EncryptionContext?: Record<string, string>;
  KeyId?: string;
  EncryptionAlgorithm?: string;
  Recipient?: unknown;
  DryRun?: boolean;
  DryRunModifiers?: string[];
}

export const decrypt = defineOperation({
  input: {
    members: {
      CiphertextBlob: ciphertextBlobShape,
      EncryptionContext: encryptionContextShape,
      GrantTokens: grantTokensShape,
      KeyId: keyIdShape,
      EncryptionAlgorithm: enumOf(ENCRYPTION_ALGORITHMS),
      Recipient: recipientShape,
      DryRun: bool(),
      DryRunModifiers: DRY_RUN_MODIFIERS,
    },
    required: ['CiphertextBlob'],
  },
  readOnly: true,
  run(ctx, input: Input) {
    refuseRecipient(input.Recipient);
    const decrypted = decryptBlob(ctx, {
      blob: input.CiphertextBlob,
      keyId: input.KeyId,
      algorithm: input.EncryptionAlgorithm,
      context: input.EncryptionContext,
      operation: 'Decrypt',
      dryRunIgnoringCiphertext: ignoresCiphertext(input),
    });
    if (input.DryRun) throw errors.dryRun();
    return {
      KeyId: decrypted.resolved.key.arn,
      Plaintext: decrypted.plaintext.toString('base64'),
      EncryptionAlgorithm: decrypted.algorithm,
      ...(decrypted.materialId && { KeyMaterialId: decrypted.materialId }),
    };
  },
});
