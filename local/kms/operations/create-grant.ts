// CreateGrant (KMS-MRK-SPEC section 10.5): per Regional key; a Name makes retries idempotent (same
// GrantId when every parameter matches, a new token every time).
import { isDeepStrictEqual } from 'node:util';
import { resolveKey } from '../model/resolve.js';
import type { Grant } from '../model/types.js';
import { errors } from '../protocol/errors.js';
import {
  bool,
  encryptionContextShape,
  enumOf,
  grantTokensShape,
  keyIdShape,
  list,
  str,
  struct,
} from '../protocol/shapes.js';
import { GRANT_OPERATIONS, grantToken, principalShape } from './grant-common.js';
import { defineOperation } from './operation.js';

const MAX_GRANTS_PER_KEY = 50_000;

interface Input {
  KeyId: string;
  GranteePrincipal?: string;
  GranteeServicePrincipal?: string;
  RetiringPrincipal?: string;
  Operations: string[];
  Constraints?: Record<string, Record<string, string>>;
  Name?: string;
  DryRun?: boolean;
}

export const createGrant = defineOperation({
  input: {
    members: {
      KeyId: keyIdShape,
      GranteePrincipal: principalShape,
      GranteeServicePrincipal: principalShape,
      RetiringPrincipal: principalShape,
      Operations: list(enumOf(GRANT_OPERATIONS)),
      Constraints: struct({
        EncryptionContextSubset: encryptionContextShape,
        EncryptionContextEquals: encryptionContextShape,
      }),
      GrantTokens: grantTokensShape,
      Name: str({ min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/ }),
      DryRun: bool(),
    },
    required: ['KeyId', 'Operations'],
  },
  run(ctx, input: Input) {
    const grantee = input.GranteePrincipal ?? input.GranteeServicePrincipal;
    if ((input.GranteePrincipal === undefined) === (input.GranteeServicePrincipal === undefined)) {
      // UNCONFIRMED: AWS's text when neither or both grantee members are given.
      throw errors.validation('Specify exactly one of GranteePrincipal and GranteeServicePrincipal.');
    }
    if (input.Operations.length === 0) {
      throw errors.validation(
        "1 validation error detected: Value '[]' at 'operations' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    }
    const { key } = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'CreateGrant' });
    const wanted = {
      granteePrincipal: grantee as string,
      ...(input.RetiringPrincipal !== undefined && { retiringPrincipal: input.RetiringPrincipal }),
      operations: [...new Set(input.Operations)],
      ...(input.Constraints &&
        Object.keys(input.Constraints).length > 0 && { constraints: input.Constraints }),
    };
    const existing =
      input.Name === undefined
        ? undefined
        : key.grants.find((grant) => grant.name === input.Name && sameParameters(grant, wanted));
    if (!existing && key.grants.length >= MAX_GRANTS_PER_KEY) {
      throw errors.limitExceeded(
        `The number of grants on ${key.arn} exceeds the limit of ${MAX_GRANTS_PER_KEY}.`,
      );
    }
    if (input.DryRun) throw errors.dryRun();
    const grantId = existing?.grantId ?? ctx.random(32).toString('hex');
    const token = grantToken(ctx, key, grantId);
    if (!existing) {
      key.grants.push({
        grantId,
        grantToken: token,
        ...(input.Name !== undefined && { name: input.Name }),
        ...wanted,
        creationDate: ctx.clock.now(),
      });
    }
    ctx.record({
      eventName: 'CreateGrant',
      requestParameters: {
        keyId: input.KeyId,
        granteePrincipal: grantee,
        operations: wanted.operations,
        name: input.Name,
      },
      responseElements: { grantId },
      resources: [key.arn],
    });
    return { GrantToken: token, GrantId: grantId };
  },
});

function sameParameters(
  grant: Grant,
  wanted: Omit<Grant, 'grantId' | 'grantToken' | 'creationDate' | 'name'>,
): boolean {
  return (
    grant.granteePrincipal === wanted.granteePrincipal &&
    grant.retiringPrincipal === wanted.retiringPrincipal &&
    isDeepStrictEqual([...grant.operations].sort(), [...wanted.operations].sort()) &&
    isDeepStrictEqual(grant.constraints, wanted.constraints)
  );
}
