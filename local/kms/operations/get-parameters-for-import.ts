// GetParametersForImport (KMS-MRK-SPEC section 6): an RSA wrapping public key and an import token valid
// for 24 hours, for an EXTERNAL key (each member of a set imports on its own).
import { resolveKey } from '../model/resolve.js';
import { errors } from '../protocol/errors.js';
import { enumOf, keyIdShape } from '../protocol/shapes.js';
import { assertExternal } from './import-checks.js';
import { checkWrapping } from './import-material-spec.js';
import {
  PARAMETERS_VALID_MS,
  SUPPORTED_ALGORITHMS,
  SUPPORTED_SPECS,
  sealImportToken,
  WRAPPING_ALGORITHMS,
  WRAPPING_KEY_SPECS,
  wrappingKeyPair,
} from './import-wrapping.js';
import { defineOperation } from './operation.js';

interface Input {
  KeyId: string;
  WrappingAlgorithm: string;
  WrappingKeySpec: string;
}

export const getParametersForImport = defineOperation({
  input: {
    members: {
      KeyId: keyIdShape,
      WrappingAlgorithm: enumOf(WRAPPING_ALGORITHMS),
      WrappingKeySpec: enumOf(WRAPPING_KEY_SPECS),
    },
    required: ['KeyId', 'WrappingAlgorithm', 'WrappingKeySpec'],
  },
  async run(ctx, input: Input) {
    const resolved = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'GetParametersForImport' });
    assertExternal(resolved);
    const { key } = resolved;
    // RSAES_PKCS1_V1_5 is retired by AWS; SM2 exists only in China Regions.
    // UNCONFIRMED: the error AWS gives for them; we answer ValidationException.
    if (!SUPPORTED_ALGORITHMS.includes(input.WrappingAlgorithm)) {
      throw errors.validation(`Wrapping algorithm ${input.WrappingAlgorithm} is not supported.`);
    }
    if (!SUPPORTED_SPECS.includes(input.WrappingKeySpec)) {
      throw errors.validation(
        `Wrapping key spec ${input.WrappingKeySpec} is not supported in ${ctx.region}.`,
      );
    }
    checkWrapping(resolved.shared.keySpec, input.WrappingAlgorithm, input.WrappingKeySpec);
    const pair = await wrappingKeyPair(input.WrappingKeySpec);
    const validTo = ctx.clock.now() + PARAMETERS_VALID_MS;
    const token = sealImportToken(ctx.options.importTokenKey, {
      account: ctx.account,
      region: ctx.region,
      keyId: key.keyId,
      algorithm: input.WrappingAlgorithm,
      validTo,
      privateKey: pair.privateKey.toString('base64'),
    });
    ctx.record({
      eventName: 'GetParametersForImport',
      requestParameters: {
        keyId: input.KeyId,
        wrappingAlgorithm: input.WrappingAlgorithm,
        wrappingKeySpec: input.WrappingKeySpec,
      },
      responseElements: null,
      resources: [key.arn],
    });
    return {
      KeyId: key.arn,
      ImportToken: token.toString('base64'),
      PublicKey: pair.publicKey.toString('base64'),
      ParametersValidTo: validTo / 1000,
    };
  },
});
