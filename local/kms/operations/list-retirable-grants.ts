// ListRetirableGrants (KMS-MRK-SPEC section 10.5): grants of every key in the caller's Region whose
// retiring principal is the one named.
import { int, markerShape } from '../protocol/shapes.js';
import { grantEntry, principalShape } from './grant-common.js';
import { defineOperation } from './operation.js';
import { pageFields, paginate } from './paginate.js';

export const listRetirableGrants = defineOperation({
  input: {
    members: { RetiringPrincipal: principalShape, Limit: int({ min: 1, max: 100 }), Marker: markerShape },
    required: ['RetiringPrincipal'],
  },
  readOnly: true,
  run(ctx, input: { RetiringPrincipal: string; Limit?: number; Marker?: string }) {
    const entries = ctx.store
      .keysIn(ctx.account, ctx.region)
      .flatMap((key) =>
        key.grants
          .filter((grant) => grant.retiringPrincipal === input.RetiringPrincipal)
          .map((grant) => ({ key, grant })),
      );
    const page = paginate(entries, input.Limit ?? 50, input.Marker);
    return {
      Grants: page.items.map(({ key, grant }) => grantEntry(ctx, key, grant)),
      ...pageFields(page),
    };
  },
});
