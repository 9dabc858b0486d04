// Starts dynalite with KeysTable and the DynamoDB store over it, recording every request the SDK sends.
import { createDynamoStore, type DynamoStore } from '../../../src/adapters/aws/dynamodb/dynamo-store.js';
import { KeysTable, type TableRequestReport } from '../../../src/adapters/aws/dynamodb/keys-table.js';
import { FixedClock } from '../../../src/core/fakes/fixed-clock.js';
import { startTestDynamo, type TestDynamo } from '../../helpers/dynalite.js';
import { NOW } from '../../unit/core/fixtures.js';

export const SECRET = 'test-page-token-secret';

export type RecordedRequest = TableRequestReport;

export interface StoreFixture extends DynamoStore {
  readonly dynamo: TestDynamo;
  readonly clock: FixedClock;
  readonly table: KeysTable;
  /** What our KeysTable reported (with ReturnConsumedCapacity=INDEXES). */
  readonly requests: RecordedRequest[];
  /** Command names the SDK actually sent, seen by a middleware below our code. */
  readonly wireCommands: string[];
  close(): Promise<void>;
}

export async function startStore(): Promise<StoreFixture> {
  const dynamo = await startTestDynamo();
  const wireCommands: string[] = [];
  dynamo.documentClient.middlewareStack.add(
    (next, context) => (args) => {
      wireCommands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  const requests: RecordedRequest[] = [];
  const clock = new FixedClock(NOW);
  const options = {
    client: dynamo.documentClient,
    tableName: dynamo.tableName,
    pageTokenSecret: SECRET,
    clock,
    onRequest: (request: RecordedRequest) => requests.push(request),
  };
  const store = createDynamoStore(options);
  return {
    ...store,
    dynamo,
    clock,
    table: new KeysTable(options),
    requests,
    wireCommands,
    close: () => dynamo.close(),
  };
}
