// KeysTable in template.yaml has the keys and indexes the DynamoDB store uses, and the local stack creates
// exactly that table from the same file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { tableInputsFromTemplate } from '../../../local/dynamodb/create-tables-from-template.js';
import { type IndexName, KeysTable } from '../../../src/adapters/aws/dynamodb/keys-table.js';
import { decodePageToken } from '../../../src/adapters/aws/dynamodb/page-token.js';
import { REPO_ROOT, resourcesOfType, TEMPLATE_TEXT } from './template-model.js';

const STORE_DIR = join(REPO_ROOT, 'src/adapters/aws/dynamodb');
const SECRET = 'a-test-secret-of-enough-length';

type KeyElement = { AttributeName: string; KeyType: string };
type Index = { IndexName: string; KeySchema: KeyElement[]; Projection: { ProjectionType: string } };

/** The index names the store queries (`IndexName: 'GSI1'` in the adapter sources). */
function indexesTheStoreQueries(): string[] {
  const names = readdirSync(STORE_DIR)
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) =>
      [...readFileSync(join(STORE_DIR, file), 'utf8').matchAll(/IndexName:\s*'(\w+)'/g)].map((m) => m[1]!),
    );
  return [...new Set(names)].sort();
}

/**
 * The key attributes the store keeps for an index, asked of KeysTable itself: a page token carries the
 * last item's key for that index (what DynamoDB's ExclusiveStartKey needs), so decoding one shows them.
 */
async function storeKeyAttributes(index: IndexName | undefined): Promise<string[]> {
  const anyAttribute = new Proxy({}, { get: (_, name) => `value-of-${String(name)}` });
  const client = {
    send: async () => ({ Items: [anyAttribute, anyAttribute] }),
  } as unknown as DynamoDBDocumentClient;
  const table = new KeysTable({ client, tableName: 'KeysTable', pageTokenSecret: SECRET });
  const page = await table.queryPage(
    'scope',
    { ...(index !== undefined && { IndexName: index }), KeyConditionExpression: 'x' },
    { limit: 1 },
  );
  return Object.keys(decodePageToken(SECRET, 'scope', page.nextToken!)).sort();
}

const [[, table] = ['', {}]] = resourcesOfType('AWS::DynamoDB::GlobalTable');
const properties = (table as { Properties?: Record<string, unknown> }).Properties ?? {};
const keySchema = properties.KeySchema as KeyElement[];
const indexes = (properties.GlobalSecondaryIndexes ?? []) as Index[];

describe('KeysTable', () => {
  it('is the one table of the template', () => {
    expect(resourcesOfType('AWS::DynamoDB::GlobalTable').map(([id]) => id)).toEqual(['KeysTable']);
    expect(resourcesOfType('AWS::DynamoDB::Table')).toEqual([]);
  });

  it('has the table keys the store uses (PK hash, SK range)', async () => {
    expect(await storeKeyAttributes(undefined)).toEqual(['PK', 'SK']);
    expect(keySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
  });

  it('declares exactly the indexes the store queries', () => {
    expect(indexes.map((index) => index.IndexName).sort()).toEqual(indexesTheStoreQueries());
  });

  it.each(indexes.map((index) => [index.IndexName, index] as const))(
    'index %s has the store key attributes (<index>PK hash, <index>SK range), all projected',
    async (name, index) => {
      const stored = await storeKeyAttributes(name as IndexName);
      const own = stored.filter((attribute) => attribute !== 'PK' && attribute !== 'SK');
      expect(own).toEqual([`${name}PK`, `${name}SK`]);
      expect(index.KeySchema).toEqual([
        { AttributeName: `${name}PK`, KeyType: 'HASH' },
        { AttributeName: `${name}SK`, KeyType: 'RANGE' },
      ]);
      expect(index.Projection).toEqual({ ProjectionType: 'ALL' });
    },
  );

  it('defines every key attribute as a string, and nothing else', () => {
    const keys = [...keySchema, ...indexes.flatMap((index) => index.KeySchema)].map(
      (element) => element.AttributeName,
    );
    const definitions = properties.AttributeDefinitions as { AttributeName: string; AttributeType: string }[];
    expect(definitions.map((definition) => definition.AttributeName).sort()).toEqual(
      [...new Set(keys)].sort(),
    );
    expect(definitions.every((definition) => definition.AttributeType === 'S')).toBe(true);
  });

  it('is protected: point-in-time recovery, deletion protection and KMS encryption in every replica', () => {
    expect(properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    const replicas = JSON.stringify(properties.Replicas);
    const count = (needle: string) => replicas.split(needle).length - 1;
    const replicaCount = count('"Region"');
    expect(replicaCount).toBeGreaterThan(0);
    expect(count('"PointInTimeRecoveryEnabled":true')).toBe(replicaCount);
    expect(count('"DeletionProtectionEnabled":true')).toBe(replicaCount);
    expect(count('"KMSMasterKeyId"')).toBe(replicaCount);
  });

  it('is what the local stack creates (the same keys and indexes)', () => {
    const [input, ...others] = tableInputsFromTemplate(TEMPLATE_TEXT);
    expect(others).toEqual([]);
    expect(input?.TableName).toBe('KeysTable');
    expect(input?.KeySchema).toEqual(keySchema);
    expect(input?.GlobalSecondaryIndexes).toEqual(
      indexes.map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection })),
    );
  });
});
