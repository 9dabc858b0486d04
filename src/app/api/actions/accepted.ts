// The 202 answer of a started operation: the key as it now stands and the operation to poll.
import type { ApiAnswer } from '../../http/api-types.js';
import type { RouteContext } from '../routes/route.js';
import { etagOf, keyView } from '../views/key-view.js';
import { operationView } from '../views/operation-view.js';
import type { StartedOperation } from './start-operation.js';

export function acceptedAnswer(
  context: RouteContext<unknown, unknown, unknown>,
  started: StartedOperation,
): ApiAnswer {
  const { keySet, operation, executionArn } = started;
  return {
    status: 202,
    body: {
      key: keyView(keySet, context.deps.clock.now()),
      operation: operationView(operation, executionArn),
    },
    headers: { location: `/operations/${operation.operationId}`, etag: etagOf(keySet) },
  };
}
