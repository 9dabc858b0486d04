// Encrypt: symmetric keys (AES-256-GCM with the context as AAD) and RSA keys (OAEP, size-limited).
import { resolveKey } from '../model/resolve.js';
import { errors } from '../protocol/errors.js';
import {
  blob,
  bool,
  encryptionContextShape,
  enumOf,
  grantTokensShape,
  keyIdShape,
} from '../protocol/shapes.js';
import { checkEncryption, ENCRYPTION_ALGORITHMS, encryptUnder } from './encryption.js';
import { defineOperation } from './operation.js';

export { ENCRYPTION_ALGORITHMS } from './encryption.js';

interface Input {
  KeyId: string;
  Plaintext: Buffer;
  EncryptionContext?: Record<string, string>;
  EncryptionAlgorithm?: string;
  DryRun?: boolean;
}

export const encrypt = defineOperation({
  input: {
    members: {
      KeyId: keyIdShape,
      Plaintext: blob({ min: 1, max: 4096 }),
      EncryptionContext: encryptionContextShape,
      GrantTokens: grantTokensShape,
      EncryptionAlgorithm: enumOf(ENCRYPTION_ALGORITHMS),
      DryRun: bool(),
    },
    required: ['KeyId', 'Plaintext'],
  },
  readOnly: true,
  run(ctx, input: Input) {
    const resolved = resolveKey(ctx, input.KeyId, { aliases: true, operation: 'Encrypt' });
    const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    checkEncryption(resolved, algorithm, input.Plaintext, input.EncryptionContext, 'Encrypt');
    if (input.DryRun) throw errors.dryRun();
    const encrypted = encryptUnder(ctx, resolved, algorithm, input.Plaintext, input.EncryptionContext);
    return {
      CiphertextBlob: encrypted.blob.toString('base64'),
      KeyId: resolved.key.arn,
      EncryptionAlgorithm: encrypted.algorithm,
    };
  },
});
