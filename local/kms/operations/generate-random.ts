// GenerateRandom: random bytes, no key involved (KMS-MRK-SPEC section 9 for the exact messages).
import { errors } from '../protocol/errors.js';
import { int, str } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';
import { recipientShape, refuseRecipient } from './recipient.js';

interface Input {
  NumberOfBytes?: number;
  CustomKeyStoreId?: string;
  Recipient?: unknown;
}

export const generateRandom = defineOperation({
  input: {
    members: {
      NumberOfBytes: int({ min: 1, max: 1024 }),
      CustomKeyStoreId: str({ min: 1, max: 64 }),
      Recipient: recipientShape,
    },
  },
  readOnly: true,
  run(ctx, input: Input) {
    if (input.NumberOfBytes === undefined) throw errors.validation('NumberOfBytes is required.');
    refuseRecipient(input.Recipient);
    if (input.CustomKeyStoreId !== undefined) {
      throw errors.customKeyStoreNotFound(
        `Custom key store ${input.CustomKeyStoreId} does not exist (the KMS emulator has no custom key stores).`,
      );
    }
    return { Plaintext: ctx.random(input.NumberOfBytes).toString('base64') };
  },
});
