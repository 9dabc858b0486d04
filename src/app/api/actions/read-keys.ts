// GET /keys and GET /keys/{keyId}: stored state, or every member read from KMS now with ?live=true.
import { ForbiddenError, ValidationError } from '../../../core/errors.js';
import type { KeySet } from '../../../core/model/key-set.js';
import type { Member } from '../../../core/model/member.js';
import type { Page } from '../../../core/ports/page.js';
import { canSeeTenant, seesAllTenants } from '../../auth/roles.js';
import type { ApiAnswer } from '../../http/api-types.js';
import { observeMember } from '../../tasks/observe-member.js';
import type { RouteContext } from '../routes/route.js';
import { etagOf, keyView } from '../views/key-view.js';
import { loadKeyFor } from './load-key.js';
import { markDeletedIfGone } from './mark-deleted.js';

interface ListQuery {
  tenant?: string | undefined;
  region?: string | undefined;
  status?: string | undefined;
  alias?: string | undefined;
  limit?: number | undefined;
  nextToken?: string | undefined;
}

/**
 * Without `tenant`, admins list every key and others their only tenant (several tenants: name one).
 * Region, status and alias filter the page read, so a page may hold fewer items than `limit`.
 */
export async function listKeys(context: RouteContext<undefined, ListQuery, undefined>): Promise<ApiAnswer> {
  const { deps, principal, query } = context;
  const page = { limit: query.limit ?? 50, nextToken: query.nextToken };
  let result: Page<KeySet>;
  if (query.tenant !== undefined) {
    if (!canSeeTenant(principal, 'keys:read', query.tenant)) {
      await context.deny(
        `list of tenant ${query.tenant} outside the caller's tenants`,
        new ForbiddenError(`You may not read keys of tenant ${query.tenant}`, {
          details: { rule: 'tenantAccess' },
        }),
      );
    }
    result = await deps.keySets.listByTenant(query.tenant, page);
  } else if (seesAllTenants(principal, 'keys:read')) {
    result = await deps.keySets.listAll(page);
  } else if (principal.tenants.length === 1) {
    result = await deps.keySets.listByTenant(principal.tenants[0]!, page);
  } else {
    throw new ValidationError('You belong to several tenants: name one with ?tenant=', {
      details: { field: 'tenant' },
    });
  }
  const now = deps.clock.now();
  const items = result.items
    .filter((keySet) => query.region === undefined || keySet.regions.includes(query.region))
    .filter((keySet) => query.status === undefined || keySet.status === query.status)
    .filter((keySet) => query.alias === undefined || keySet.desired.aliases.includes(query.alias))
    .map((keySet) => keyView(keySet, now));
  return {
    status: 200,
    body: { items, ...(result.nextToken !== undefined && { nextToken: result.nextToken }) },
  };
}

export async function getKey(
  context: RouteContext<{ keyId: string }, { live: boolean }, undefined>,
): Promise<ApiAnswer> {
  const stored = await loadKeyFor(context, context.params.keyId, 'keys:read');
  const now = context.deps.clock.now();
  if (!context.query.live) {
    return { status: 200, body: keyView(stored, now), headers: { etag: etagOf(stored) } };
  }
  const members = await observeLive(context, stored);
  const keySet = await markDeletedIfGone(context, stored, members);
  return { status: 200, body: keyView(keySet, now, members), headers: { etag: etagOf(keySet) } };
}

/** Every member Region read from KMS in parallel; not stored (the caller decides what a read may record). */
export async function observeLive(
  context: RouteContext<unknown, unknown, unknown>,
  keySet: KeySet,
): Promise<Record<string, Member>> {
  const now = context.deps.clock.now();
  const regions = [...new Set([...keySet.regions, ...Object.keys(keySet.members)])];
  const observed = await Promise.all(
    regions.map((region) => observeMember(context.deps.kms, keySet, region, now)),
  );
  return Object.fromEntries(
    observed
      .filter((member): member is Member => member !== undefined)
      .map((member) => [member.region, member]),
  );
}
