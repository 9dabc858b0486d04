// Composition helper: the DynamoDB-backed ports over one KeysTable, for the app's composition root.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../core/ports/clock.js';
import { DynamoAuditLog } from './dynamo-audit-log.js';
import { DynamoCreationIntentRepository } from './dynamo-creation-intent-repository.js';
import { DynamoKeySetRepository } from './dynamo-key-set-repository.js';
import { DynamoOperationRepository } from './dynamo-operation-repository.js';
import { KeysTable, type KeysTableOptions } from './keys-table.js';

export interface DynamoStore {
  readonly keySets: DynamoKeySetRepository;
  readonly operations: DynamoOperationRepository;
  readonly audit: DynamoAuditLog;
  readonly intents: DynamoCreationIntentRepository;
}

export function createDynamoStore(
  options: {
    readonly client: DynamoDBDocumentClient;
    readonly tableName: string;
    readonly pageTokenSecret: string;
    readonly clock: Clock;
  } & Pick<KeysTableOptions, 'onRequest'>,
): DynamoStore {
  const table = new KeysTable(options);
  return {
    keySets: new DynamoKeySetRepository(table, options.clock),
    operations: new DynamoOperationRepository(table, options.clock),
    audit: new DynamoAuditLog(table),
    intents: new DynamoCreationIntentRepository(table),
  };
}
