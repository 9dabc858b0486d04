import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { tableInputsFromTemplate } from '../../../local/dynamodb/create-tables-from-template.js';
import { startLocalDynamo } from '../../../local/dynamodb/start-local-dynamo.js';

describe('startLocalDynamo', () => {
  it('creates KeysTable from template.yaml with both GSIs, on a random port', async () => {
    const local = await startLocalDynamo({ port: 0 });
    try {
      expect(local.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(local.tableNames).toEqual(['KeysTable']);
      const { Table } = await local.client.send(new DescribeTableCommand({ TableName: 'KeysTable' }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.KeySchema).toEqual([
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ]);
      expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(['GSI1', 'GSI2']);
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    } finally {
      await local.close();
    }
  });

  it('keeps tables and items in a data folder across restarts (creating tables is idempotent)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mrk-dynamo-'));
    try {
      const first = await startLocalDynamo({ port: 0, dataDir });
      await first.client.send(
        new PutItemCommand({ TableName: 'KeysTable', Item: { PK: { S: 'KEY#x' }, SK: { S: 'META' } } }),
      );
      await first.close();
      const second = await startLocalDynamo({ port: 0, dataDir });
      try {
        expect(second.tableNames).toEqual(['KeysTable']);
        const { Item } = await second.client.send(
          new GetItemCommand({ TableName: 'KeysTable', Key: { PK: { S: 'KEY#x' }, SK: { S: 'META' } } }),
        );
        expect(Item?.PK?.S).toBe('KEY#x');
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('tableInputsFromTemplate', () => {
  it('turns a GlobalTable into CreateTable input and drops per-replica settings', () => {
    const template = `
Resources:
  Other: { Type: AWS::SQS::Queue }
  Things:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      TableName: things
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }, { AttributeName: g, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      GlobalSecondaryIndexes:
        - IndexName: ByG
          KeySchema: [{ AttributeName: g, KeyType: HASH }]
          Projection: { ProjectionType: KEYS_ONLY }
          WriteOnDemandThroughputSettings: { MaxWriteRequestUnits: 10 }
      Replicas:
        - Region: !Ref AWS::Region
`;
    expect(tableInputsFromTemplate(template)).toEqual([
      {
        TableName: 'things',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'g', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'ByG',
            KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      },
    ]);
  });
});
