// Test helper: an in-memory dynalite on a random port with KeysTable created, plus a document client.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type LocalDynamo, startLocalDynamo } from '../../local/dynamodb/start-local-dynamo.js';

export interface TestDynamo extends LocalDynamo {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
}

export async function startTestDynamo(options: { dataDir?: string } = {}): Promise<TestDynamo> {
  const local = await startLocalDynamo({ port: 0, ...options });
  const documentClient = DynamoDBDocumentClient.from(local.client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { ...local, documentClient, tableName: 'KeysTable' };
}
