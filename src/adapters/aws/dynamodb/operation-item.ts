// The KeysTable item of an operation: `OP#<id>` / `META`, listed per key newest first (GSI1 `KEY#<keyId>`).
import type { Operation } from '../../../core/model/operation.js';
import { type Item, withoutStorageAttributes } from './keys-table.js';

export function operationKey(operationId: string): { PK: string; SK: string } {
  return { PK: `OP#${operationId}`, SK: 'META' };
}

export function toOperationItem(operation: Operation): Item {
  return {
    ...operationKey(operation.operationId),
    GSI1PK: `KEY#${operation.keyId}`,
    // The id after the time keeps two operations created in the same millisecond apart.
    GSI1SK: `OP#${operation.createdAt}#${operation.operationId}`,
    entity: 'Operation',
    ...operation,
  };
}

export function fromOperationItem(item: Item): Operation {
  return withoutStorageAttributes(item) as unknown as Operation;
}
