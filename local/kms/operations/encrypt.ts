// Encrypt: symmetric keys (AES-256-GCM with the context as AAD) and RSA keys (OAEP).
import { encryptSymmetric } from '../crypto/symmetric.js';
import { resolveKey } from '../model/resolve.js';
import { assertUsage, currentMaterial } from '../model/usage.js';
import { errors } from '../protocol/errors.js';
import {
  blob,
  bool,
  encryptionContextShape,
  enumOf,
  grantTokensShape,
  keyIdShape,
} from '../protocol/shapes.js';
import { defineOperation } from './operation.js';

export const ENCRYPTION_ALGORITHMS = [
  'SYMMETRIC_DEFAULT',
  'RSAES_OAEP_SHA_1',
  'RSAES_OAEP_SHA_256',
  'SM2PKE',
] as const;

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
  run(ctx, input: Input) {
    const { shared, key } = resolveKey(ctx, input.KeyId, { aliases: true, operation: 'Encrypt' });
    assertUsage(shared, key, 'ENCRYPT_DECRYPT', 'Encrypt');
    const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    if (shared.keySpec !== 'SYMMETRIC_DEFAULT' || algorithm !== 'SYMMETRIC_DEFAULT') {
      throw errors.invalidKeyUsage(`Algorithm ${algorithm} is incompatible with key spec ${shared.keySpec}.`);
    }
    const material = currentMaterial(shared, key);
    if (input.DryRun) throw errors.dryRun();
    const ciphertext = encryptSymmetric(
      shared.keyId,
      { id: material.id, secret: Buffer.from(material.secret as string, 'base64') },
      input.Plaintext,
      input.EncryptionContext,
      ctx.random(12),
    );
    return { CiphertextBlob: ciphertext.toString('base64'), KeyId: key.arn, EncryptionAlgorithm: algorithm };
  },
});
