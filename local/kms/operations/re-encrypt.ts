// ReEncrypt: decrypt under the source key and encrypt under the destination key in one call,
// without exposing the plaintext; either side may be symmetric or RSA.
import { resolveKey } from '../model/resolve.js';
import { errors } from '../protocol/errors.js';
import { bool, encryptionContextShape, enumOf, grantTokensShape, keyIdShape } from '../protocol/shapes.js';
import {
  checkEncryption,
  ciphertextBlobShape,
  DRY_RUN_MODIFIERS,
  decryptBlob,
  ENCRYPTION_ALGORITHMS,
  encryptUnder,
  ignoresCiphertext,
} from './encryption.js';
import { defineOperation } from './operation.js';

interface Input {
  CiphertextBlob: Buffer;
  SourceEncryptionContext?: Record<string, string>;
  SourceKeyId?: string;
  DestinationKeyId: string;
  DestinationEncryptionContext?: Record<string, string>;
  SourceEncryptionAlgorithm?: string;
  DestinationEncryptionAlgorithm?: string;
  DryRun?: boolean;
  DryRunModifiers?: string[];
}

export const reEncrypt = defineOperation({
  input: {
    members: {
      CiphertextBlob: ciphertextBlobShape,
      SourceEncryptionContext: encryptionContextShape,
      SourceKeyId: keyIdShape,
      DestinationKeyId: keyIdShape,
      DestinationEncryptionContext: encryptionContextShape,
      SourceEncryptionAlgorithm: enumOf(ENCRYPTION_ALGORITHMS),
      DestinationEncryptionAlgorithm: enumOf(ENCRYPTION_ALGORITHMS),
      GrantTokens: grantTokensShape,
      DryRun: bool(),
      DryRunModifiers: DRY_RUN_MODIFIERS,
    },
    required: ['CiphertextBlob', 'DestinationKeyId'],
  },
  readOnly: true,
  run(ctx, input: Input) {
    const destination = resolveKey(ctx, input.DestinationKeyId, {
      aliases: true,
      operation: 'ReEncrypt',
      action: 'ReEncryptTo',
    });
    const source = decryptBlob(ctx, {
      blob: input.CiphertextBlob,
      keyId: input.SourceKeyId,
      algorithm: input.SourceEncryptionAlgorithm,
      context: input.SourceEncryptionContext,
      operation: 'ReEncrypt',
      dryRunIgnoringCiphertext: ignoresCiphertext(input),
    });
    const algorithm = input.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    checkEncryption(
      destination,
      algorithm,
      source.plaintext,
      input.DestinationEncryptionContext,
      'ReEncrypt',
    );
    if (input.DryRun) throw errors.dryRun();
    const encrypted = encryptUnder(
      ctx,
      destination,
      algorithm,
      source.plaintext,
      input.DestinationEncryptionContext,
    );
    return {
      CiphertextBlob: encrypted.blob.toString('base64'),
      SourceKeyId: source.resolved.key.arn,
      KeyId: destination.key.arn,
      SourceEncryptionAlgorithm: source.algorithm,
      DestinationEncryptionAlgorithm: encrypted.algorithm,
      ...(source.materialId && { SourceKeyMaterialId: source.materialId }),
      ...(encrypted.materialId && { DestinationKeyMaterialId: encrypted.materialId }),
    };
  },
});
