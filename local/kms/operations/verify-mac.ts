// VerifyMac: a mismatch is KMSInvalidMacException with no message (AWS-recorded).

import { macMatches } from '../crypto/hmac.js';
import { secretOf } from '../crypto/key-cache.js';
import { currentMaterial } from '../model/usage.js';
import { errors } from '../protocol/errors.js';
import { blob } from '../protocol/shapes.js';
import { type MacInput, macKey, macMembers } from './mac-key.js';
import { defineOperation } from './operation.js';

export const verifyMac = defineOperation({
  input: {
    members: { ...macMembers, Mac: blob({ min: 1, max: 6144 }) },
    required: ['Message', 'KeyId', 'MacAlgorithm', 'Mac'],
  },
  readOnly: true,
  run(ctx, input: MacInput & { Mac: Buffer }) {
    const { shared, key } = macKey(ctx, input, 'VerifyMac');
    const secret = secretOf(currentMaterial(shared, key));
    if (!macMatches(secret, input.MacAlgorithm, input.Message, input.Mac)) throw errors.invalidMac();
    return { KeyId: key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
  },
});
