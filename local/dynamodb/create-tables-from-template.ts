// Creates the DynamoDB tables declared in template.yaml, so the local table is the deployed table.
import { readFile } from 'node:fs/promises';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { yamlParse } from 'yaml-cfn';

type Resource = { Type?: string; Properties?: Record<string, unknown> };
type Index = { IndexName: string; KeySchema: unknown; Projection: unknown };

const TABLE_TYPES = new Set(['AWS::DynamoDB::GlobalTable', 'AWS::DynamoDB::Table']);

/**
 * The CreateTable inputs for every DynamoDB table in a CloudFormation template. A table without a
 * literal TableName is named after its logical id (`KeysTable`). Only what dynalite models is kept:
 * key schema, attributes, GSIs/LSIs, on-demand billing. Streams, SSE, TTL and replicas are
 * deployment concerns dynalite does not have (no TTL locally is why expiry is an attribute we check).
 */
export function tableInputsFromTemplate(templateText: string): CreateTableCommandInput[] {
  const template = yamlParse(templateText) as { Resources?: Record<string, Resource> };
  return Object.entries(template.Resources ?? {})
    .filter(([, resource]) => TABLE_TYPES.has(resource.Type ?? ''))
    .map(([logicalId, resource]) => toCreateTable(logicalId, resource.Properties ?? {}));
}

function toCreateTable(logicalId: string, properties: Record<string, unknown>): CreateTableCommandInput {
  const name = typeof properties.TableName === 'string' ? properties.TableName : logicalId;
  const input: CreateTableCommandInput = {
    TableName: name,
    AttributeDefinitions: properties.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
    KeySchema: properties.KeySchema as CreateTableCommandInput['KeySchema'],
    BillingMode: 'PAY_PER_REQUEST',
  };
  const gsis = properties.GlobalSecondaryIndexes as Index[] | undefined;
  if (gsis?.length) {
    // Per-replica throughput settings of a GlobalTable index have no CreateTable equivalent: drop them.
    input.GlobalSecondaryIndexes = gsis.map(
      ({ IndexName, KeySchema, Projection }) =>
        ({ IndexName, KeySchema, Projection }) as GlobalSecondaryIndex,
    );
  }
  const lsis = properties.LocalSecondaryIndexes as CreateTableCommandInput['LocalSecondaryIndexes'];
  if (lsis?.length) input.LocalSecondaryIndexes = lsis;
  return input;
}

/**
 * Creates each table of the template that does not exist yet and waits until it serves items;
 * returns the table names. Idempotent. The wait matters even with createTableMs 0: dynalite flips a
 * table to ACTIVE on a timer, so a request right after CreateTable can meet a CREATING table
 * (ResourceNotFoundException), and closing the server before that timer runs leaves the table
 * CREATING on disk for good. The wait ends only when an item read works.
 */
export async function createTablesFromTemplate(
  client: DynamoDBClient,
  templatePath: string,
): Promise<string[]> {
  const inputs = tableInputsFromTemplate(await readFile(templatePath, 'utf8'));
  for (const input of inputs) await ensureTable(client, input);
  return inputs.map((input) => input.TableName!);
}

const READY_ATTEMPTS = 500;

async function ensureTable(client: DynamoDBClient, input: CreateTableCommandInput): Promise<void> {
  if (!(await tableExists(client, input.TableName!))) {
    try {
      await client.send(new CreateTableCommand(input));
    } catch (error) {
      // Another process created it between our check and our call: same outcome.
      if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
    }
  }
  for (let attempt = 0; attempt < READY_ATTEMPTS; attempt++) {
    if (await servesItems(client, input)) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(
    `Table ${input.TableName} did not become ACTIVE; delete the data folder if an earlier run was killed mid-create`,
  );
}

/** A GetItem of a key that is never stored: the table lookup every real request makes (CREATING = not found). */
async function servesItems(client: DynamoDBClient, input: CreateTableCommandInput): Promise<boolean> {
  const key = Object.fromEntries(
    (input.KeySchema ?? []).map((element) => [element.AttributeName!, { S: '#probe' }]),
  );
  try {
    await client.send(new GetItemCommand({ TableName: input.TableName, Key: key }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}
