// CancelKeyDeletion (KMS-MRK-SPEC section 7): from either pending state to Disabled; the caller must
// EnableKey afterwards. Cancelling a waiting primary leaves its replicas as they are.
import { KEY_DELETION_DUE } from '../model/lifecycle.js';
import { resolveKey } from '../model/resolve.js';
import { keyIdShape } from '../protocol/shapes.js';
import { defineOperation } from './operation.js';

export const cancelKeyDeletion = defineOperation({
  input: { members: { KeyId: keyIdShape }, required: ['KeyId'] },
  run(ctx, input: { KeyId: string }) {
    const { shared, key } = resolveKey(ctx, input.KeyId, { aliases: false, operation: 'CancelKeyDeletion' });
    // An EXTERNAL member without material has nothing to disable: it goes back to waiting for an import.
    const noMaterial = shared.origin === 'EXTERNAL' && (key.importedMaterialIds ?? []).length === 0;
    key.state = noMaterial ? 'PendingImport' : 'Disabled';
    delete key.deletionDate;
    delete key.pendingWindowInDays;
    ctx.store.unscheduleKey(KEY_DELETION_DUE, shared.account, shared.keyId, key.region);
    ctx.record({
      eventName: 'CancelKeyDeletion',
      requestParameters: { keyId: input.KeyId },
      responseElements: { keyId: key.arn },
      resources: [key.arn],
    });
    return { KeyId: key.arn };
  },
});
