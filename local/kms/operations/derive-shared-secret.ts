// DeriveSharedSecret (KMS-MRK-SPEC section 9): ECDH with the private key of an ECC KEY_AGREEMENT key and
// the peer's public key (DER SubjectPublicKeyInfo, same curve); the raw shared secret. Every member of a
// multi-Region set derives the same secret (they share the key pair).
import { createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import { resolveKey } from '../model/resolve.js';
import { assertUsage, currentMaterial } from '../model/usage.js';
import { errors } from '../protocol/errors.js';
import { blob, bool, enumOf, grantTokensShape, keyIdShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';
import { recipientShape, refuseRecipient } from './recipient.js';

interface Input {
  KeyId: string;
  KeyAgreementAlgorithm: 'ECDH';
  PublicKey: Buffer;
  DryRun?: boolean;
  Recipient?: unknown;
}

export const deriveSharedSecret = defineOperation({
  input: {
    members: {
      KeyId: keyIdShape,
      KeyAgreementAlgorithm: enumOf(['ECDH']),
      PublicKey: blob({ min: 1, max: 8192 }),
      GrantTokens: grantTokensShape,
      DryRun: bool(),
      Recipient: recipientShape,
    },
    required: ['KeyId', 'KeyAgreementAlgorithm', 'PublicKey'],
  },
  readOnly: true,
  run(ctx, input: Input) {
    const { shared, key } = resolveKey(ctx, input.KeyId, { aliases: true, operation: 'DeriveSharedSecret' });
    assertUsage(shared, key, 'KEY_AGREEMENT', 'DeriveSharedSecret');
    refuseRecipient(input.Recipient);
    const material = currentMaterial(shared, key);
    const privateKey = createPrivateKey({
      key: Buffer.from(material.privateKey as string, 'base64'),
      format: 'der',
      type: 'pkcs8',
    });
    let peer: KeyObject;
    try {
      peer = createPublicKey({ key: input.PublicKey, format: 'der', type: 'spki' });
    } catch {
      // UNCONFIRMED: AWS's error and text for a public key that is not a DER SubjectPublicKeyInfo.
      throw errors.validation('PublicKey must be a DER-encoded X.509 SubjectPublicKeyInfo.');
    }
    const curve = privateKey.asymmetricKeyDetails?.namedCurve;
    if (peer.asymmetricKeyType !== 'ec' || peer.asymmetricKeyDetails?.namedCurve !== curve) {
      // UNCONFIRMED: AWS's error and text for a public key of another curve or type.
      throw errors.validation(
        `PublicKey must be an elliptic curve public key on the curve of ${shared.keySpec}.`,
      );
    }
    if (input.DryRun) throw errors.dryRun();
    const secret = diffieHellman({ privateKey, publicKey: peer });
    return {
      KeyId: key.arn,
      SharedSecret: secret.toString('base64'),
      KeyAgreementAlgorithm: 'ECDH',
      KeyOrigin: shared.origin,
    };
  },
});
