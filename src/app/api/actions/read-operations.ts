// GET /operations/{id} and GET /keys/{keyId}/operations: progress per Region, tenant-scoped.
import { NotFoundError } from '../../../core/errors.js';
import { canSeeTenant } from '../../auth/roles.js';
import type { ApiAnswer } from '../../http/api-types.js';
import type { RouteContext } from '../routes/route.js';
import { operationView } from '../views/operation-view.js';
import { loadKeyFor } from './load-key.js';

export async function getOperation(
  context: RouteContext<{ operationId: string }, undefined, undefined>,
): Promise<ApiAnswer> {
  const { operationId } = context.params;
  const operation = await context.deps.operations.get(operationId);
  const notFound = new NotFoundError(`Operation ${operationId} was not found`, { details: { operationId } });
  if (operation === undefined) throw notFound;
  if (!canSeeTenant(context.principal, 'keys:read', operation.tenant)) {
    return context.deny(
      `operation of tenant ${operation.tenant}, outside the caller's tenants`,
      notFound,
      operation.keyId,
    );
  }
  return { status: 200, body: operationView(operation) };
}

export async function listKeyOperations(
  context: RouteContext<
    { keyId: string },
    { limit?: number | undefined; nextToken?: string | undefined },
    undefined
  >,
): Promise<ApiAnswer> {
  const keySet = await loadKeyFor(context, context.params.keyId, 'keys:read');
  const page = await context.deps.operations.listByKey(keySet.keyId, {
    limit: context.query.limit ?? 50,
    nextToken: context.query.nextToken,
  });
  return {
    status: 200,
    body: {
      items: page.items.map((item) => operationView(item)),
      ...(page.nextToken !== undefined && { nextToken: page.nextToken }),
    },
  };
}
