// DynamoCreationIntentRepository: `INTENT#<operationId>` / `META`, listed oldest first on GSI2 (`INTENTS`).
import { NotFoundError } from '../../../core/errors.js';
import type { KeyCreationIntent } from '../../../core/model/creation-intent.js';
import type { CreationIntentRepository } from '../../../core/ports/creation-intent-repository.js';
import type { Page, PageRequest } from '../../../core/ports/page.js';
import { isConditionFailed } from './dynamo-errors.js';
import { type Item, type KeysTable, withoutStorageAttributes } from './keys-table.js';

const INTENTS_PARTITION = 'INTENTS';

function intentKey(operationId: string): { PK: string; SK: string } {
  return { PK: `INTENT#${operationId}`, SK: 'META' };
}

function fromItem(item: Item): KeyCreationIntent {
  return withoutStorageAttributes(item) as unknown as KeyCreationIntent;
}

export class DynamoCreationIntentRepository implements CreationIntentRepository {
  constructor(private readonly table: KeysTable) {}

  async record(intent: KeyCreationIntent): Promise<{ intent: KeyCreationIntent; fresh: boolean }> {
    try {
      await this.table.put({
        Item: {
          ...intentKey(intent.operationId),
          // The sweep lists open intents oldest first without a Scan.
          GSI2PK: INTENTS_PARTITION,
          GSI2SK: `${intent.createdAt}#${intent.operationId}`,
          entity: 'CreationIntent',
          ...intent,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      });
      return { intent, fresh: true };
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      const stored = await this.get(intent.operationId);
      // Removed between the failed put and the read: the create finished meanwhile.
      return { intent: stored ?? intent, fresh: false };
    }
  }

  async get(operationId: string): Promise<KeyCreationIntent | undefined> {
    const item = await this.table.get(intentKey(operationId));
    return item === undefined ? undefined : fromItem(item);
  }

  async setKeyId(operationId: string, keyId: string): Promise<void> {
    try {
      await this.table.update({
        Key: intentKey(operationId),
        UpdateExpression: 'SET keyId = :keyId',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':keyId': keyId },
      });
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      throw new NotFoundError(`Creation intent ${operationId} not found`, { cause: error });
    }
  }

  async remove(operationId: string): Promise<void> {
    await this.table.delete({ Key: intentKey(operationId) });
  }

  async listOpen(before: Date, page?: PageRequest): Promise<Page<KeyCreationIntent>> {
    const result = await this.table.queryPage(
      `intents:${before.toISOString()}`,
      {
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :before',
        ExpressionAttributeValues: { ':pk': INTENTS_PARTITION, ':before': before.toISOString() },
      },
      page,
    );
    return { ...result, items: result.items.map(fromItem) };
  }
}
