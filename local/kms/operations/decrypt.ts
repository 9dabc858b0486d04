// Decrypt: any member of a set decrypts any sibling's ciphertext and answers with its own ARN
// (KMS-MRK-SPEC section 9, "MRK interoperability"); RSA ciphertext needs KeyId and the algorithm.
import { errors } from '../protocol/errors.js';
import {
  blob,
  bool,
  encryptionContextShape,
  enumOf,
  grantTokensShape,
  keyIdShape,
  list,
} from '../protocol/shapes.js';
import { decryptBlob, ENCRYPTION_ALGORITHMS } from './encryption.js';
import { defineOperation } from './operation.js';
import { recipientShape, refuseRecipient } from './recipient.js';

export const DRY_RUN_MODIFIERS = list(enumOf(['IGNORE_CIPHERTEXT']));

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
      CiphertextBlob: blob({ min: 1, max: 6144 }),
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
      dryRunIgnoringCiphertext:
        input.DryRun === true && (input.DryRunModifiers ?? []).includes('IGNORE_CIPHERTEXT'),
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
