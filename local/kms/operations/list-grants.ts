// ListGrants (KMS-MRK-SPEC section 10.5): one Regional key's grants, in creation order; any key state.
import { resolveKey } from '../model/resolve.js';
import { int, keyIdShape, markerShape } from '../protocol/shapes.js';
import { grantEntry, grantIdShape, principalShape } from './grant-common.js';
import { defineOperation } from './operation.js';
import { pageFields, paginate } from './paginate.js';

interface Input {
  KeyId: string;
  Limit?: number;
  Marker?: string;
  GrantId?: string;
  GranteePrincipal?: string;
}

export const listGrants = defineOperation({
  input: {
    members: {
      KeyId: keyIdShape,
      Limit: int({ min: 1, max: 100 }),
      Marker: markerShape,
      GrantId: grantIdShape,
      GranteePrincipal: principalShape,
    },
    required: ['KeyId'],
  },
  readOnly: true,
  run(ctx, input: Input) {
    const { key } = resolveKey(ctx, input.KeyId, { aliases: false });
    const grants = key.grants.filter(
      (grant) =>
        (input.GrantId === undefined || grant.grantId === input.GrantId) &&
        (input.GranteePrincipal === undefined || grant.granteePrincipal === input.GranteePrincipal),
    );
    const page = paginate(grants, input.Limit ?? 50, input.Marker);
    return { Grants: page.items.map((grant) => grantEntry(ctx, key, grant)), ...pageFields(page) };
  },
});
