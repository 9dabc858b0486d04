// The `Recipient` member (Nitro Enclaves attestation) of Decrypt, GenerateDataKey, GenerateDataKeyPair,
// GenerateRandom and DeriveSharedSecret. The emulator cannot check an attestation document, so it
// refuses the member instead of silently returning plaintext (a deliberate difference from AWS).
import { errors } from '../protocol/errors.js';
import { blob, enumOf, struct } from '../protocol/shapes.js';

export const recipientShape = struct({
  KeyEncryptionAlgorithm: enumOf(['RSAES_OAEP_SHA_256']),
  AttestationDocument: blob({ min: 1, max: 262144 }),
});

export function refuseRecipient(recipient: unknown): void {
  if (recipient !== undefined)
    throw errors.unsupported('Recipient (Nitro Enclaves attestation) is not supported by the KMS emulator.');
}
