// What GET /health of the local stack checks: every stand-in behind the API answers.
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListStateMachinesCommand, type SFNClient } from '@aws-sdk/client-sfn';

/** Undefined when every stand-in answers; otherwise which are down and why. */
export async function readinessProblem(stand: {
  kmsEndpoint: string;
  dynamoClient: DynamoDBClient;
  tableName: string;
  sfnClient: SFNClient;
}): Promise<string | undefined> {
  const checks: [string, () => Promise<unknown>][] = [
    [
      'the KMS emulator',
      async () => {
        const response = await fetch(`${stand.kmsEndpoint}/_emulator/health`);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
      },
    ],
    [
      'DynamoDB (dynalite)',
      () => stand.dynamoClient.send(new DescribeTableCommand({ TableName: stand.tableName })),
    ],
    ['Step Functions', () => stand.sfnClient.send(new ListStateMachinesCommand({ maxResults: 1 }))],
  ];
  const results = await Promise.allSettled(checks.map(([, check]) => check()));
  const down = results.flatMap((result, index) =>
    result.status === 'rejected'
      ? [`${checks[index]![0]} is not answering (${(result.reason as Error)?.message})`]
      : [],
  );
  return down.length === 0 ? undefined : down.join('; ');
}
