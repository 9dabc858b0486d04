// Loads a key set for a caller: unknown and other tenants' keys are both 404, so existence never leaks.
import { NotFoundError } from '../../../core/errors.js';
import type { KeySet } from '../../../core/model/key-set.js';
import { canSeeTenant, type Permission } from '../../auth/roles.js';
import type { RouteContext } from '../routes/route.js';

export async function loadKeyFor(
  context: RouteContext<unknown, unknown, unknown>,
  keyId: string,
  permission: Permission,
): Promise<KeySet> {
  const keySet = await context.deps.keySets.get(keyId);
  const notFound = () => new NotFoundError(`Key ${keyId} was not found`, { details: { keyId } });
  if (keySet === undefined) throw notFound();
  if (!canSeeTenant(context.principal, permission, keySet.tenant)) {
    return context.deny(
      `key belongs to tenant ${keySet.tenant}, outside the caller's tenants`,
      notFound(),
      keyId,
    );
  }
  return keySet;
}
