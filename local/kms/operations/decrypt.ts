// Decrypt: any member of a set decrypts any sibling's ciphertext and answers with its own ARN
// (KMS-MRK-SPEC section 9, "MRK interoperability").
import { decryptSymmetric, parseCiphertext } from '../crypto/symmetric.js';
import { resolveKey } from '../model/resolve.js';
import { assertUsage, materialById } from '../model/usage.js';
import { errors } from '../protocol/errors.js';
import {
  blob,
  bool,
  encryptionContextShape,
  enumOf,
  grantTokensShape,
  keyIdShape,
} from '../protocol/shapes.js';
import { ENCRYPTION_ALGORITHMS } from './encrypt.js';
import { defineOperation } from './operation.js';

interface Input {
  CiphertextBlob: Buffer;
  EncryptionContext?: Record<string, string>;
  KeyId?: string;
  EncryptionAlgorithm?: string;
  DryRun?: boolean;
}

export const decrypt = defineOperation({
  input: {
    members: {
      CiphertextBlob: blob({ min: 1, max: 6144 }),
      EncryptionContext: encryptionContextShape,
      GrantTokens: grantTokensShape,
      KeyId: keyIdShape,
      EncryptionAlgorithm: enumOf(ENCRYPTION_ALGORITHMS),
      DryRun: bool(),
    },
    required: ['CiphertextBlob'],
  },
  run(ctx, input: Input) {
    const parsed = parseCiphertext(input.CiphertextBlob);
    if (input.KeyId !== undefined) {
      const named = resolveKey(ctx, input.KeyId, { aliases: true });
      if (!parsed || named.shared.keyId !== parsed.keyId) throw errors.incorrectKey();
    }
    if (!parsed) throw errors.invalidCiphertext();
    // UNCONFIRMED what AWS answers when no related key exists in this Region; single-Region reports suggest this.
    if (!ctx.store.regional(ctx.account, ctx.region, parsed.keyId)) throw errors.invalidCiphertext();
    const { shared, key } = resolveKey(ctx, parsed.keyId, { aliases: false, operation: 'Decrypt' });
    assertUsage(shared, key, 'ENCRYPT_DECRYPT', 'Decrypt');
    const material = materialById(shared, key, parsed.materialId);
    if (!material?.secret) throw errors.invalidCiphertext();
    const plaintext = decryptSymmetric(
      Buffer.from(material.secret, 'base64'),
      parsed,
      input.EncryptionContext,
    );
    if (!plaintext) throw errors.invalidCiphertext();
    if (input.DryRun) throw errors.dryRun();
    return {
      KeyId: key.arn,
      Plaintext: plaintext.toString('base64'),
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      KeyMaterialId: material.id,
    };
  },
});
