// Audit of a change to a multi-Region set's shared properties (KMS-MRK-SPEC section 14): the call itself,
// then the SynchronizeMultiRegionKey KMS logs at the primary when there are replicas to sync.
import { hasReplicas, primaryArn } from '../model/lifecycle.js';
import type { SharedKey } from '../model/types.js';
import type { OperationContext, RecordedEvent } from './operation.js';

export function recordSharedChange(ctx: OperationContext, shared: SharedKey, event: RecordedEvent): void {
  ctx.record(event);
  if (!hasReplicas(ctx.store, shared)) return;
  ctx.record({
    eventName: 'SynchronizeMultiRegionKey',
    invokedBy: 'AWS Internal',
    requestParameters: null,
    responseElements: null,
    resources: [primaryArn(shared)],
  });
}
