// GenerateMac: HMAC under a GENERATE_VERIFY_MAC key; the same in every Region of a set.

import { computeMac } from '../crypto/hmac.js';
import { secretOf } from '../crypto/key-cache.js';
import { currentMaterial } from '../model/usage.js';
import { type MacInput, macKey, macMembers } from './mac-key.js';
import { defineOperation } from './operation.js';

export const generateMac = defineOperation({
  input: { members: macMembers, required: ['Message', 'KeyId', 'MacAlgorithm'] },
  readOnly: true,
  run(ctx, input: MacInput) {
    const { shared, key } = macKey(ctx, input, 'GenerateMac');
    const mac = computeMac(secretOf(currentMaterial(shared, key)), input.MacAlgorithm, input.Message);
    return { Mac: mac.toString('base64'), MacAlgorithm: input.MacAlgorithm, KeyId: key.arn };
  },
});
