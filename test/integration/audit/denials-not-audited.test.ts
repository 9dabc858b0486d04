// Issue 13 item 10: strangers cannot write to the tamper-evident trail. Through the local API gateway, with
// the table in dynalite counted item by item (a Scan in the test only; the control plane never scans).
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, STACK_CREDENTIALS, startLocalStack } from '../../../local/stack.js';
import { KEY_ID, keySetFixture } from '../../unit/core/fixtures.js';

let stack: LocalStack;
let dynamo: DynamoDBClient;

beforeAll(async () => {
  stack = await startLocalStack({
    ports: { kms: 0, dynamodb: 0, stepFunctions: 0, api: 0 },
    waitScale: 0,
    creatingMs: 0,
  });
  dynamo = new DynamoDBClient({
    region: stack.region,
    endpoint: stack.endpoints.dynamodb,
    credentials: STACK_CREDENTIALS,
  });
});

afterAll(async () => {
  dynamo?.destroy();
  await stack?.close();
});

/** Every audit link in the table, by chain partition. */
async function auditItems(): Promise<{ pk: string; actor: string }[]> {
  const items: { pk: string; actor: string }[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await dynamo.send(
      new ScanCommand({
        TableName: stack.tableName,
        ...(start !== undefined && { ExclusiveStartKey: start }),
      }),
    );
    for (const item of page.Items ?? []) {
      if (item.entity?.S === 'AuditEvent')
        items.push({ pk: String(item.PK?.S), actor: String(item.actor?.S) });
    }
    start = page.LastEvaluatedKey as typeof start;
  } while (start !== undefined);
  return items;
}

async function token(identity: { sub: string; tenants: string[]; roles: string[] }): Promise<string> {
  return stack.issuer.issueToken(identity, 3600);
}

function call(
  path: string,
  init: { method?: string; token?: string; headers?: Record<string, string> } = {},
) {
  return fetch(`${stack.endpoints.api}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token !== undefined && { authorization: `Bearer ${init.token}` }),
      ...init.headers,
    },
  });
}

describe('denials and the audit trail', () => {
  it('40 concurrent unauthenticated requests write nothing to the trail', async () => {
    const before = await auditItems();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        call(index % 2 === 0 ? '/keys' : `/keys/${KEY_ID}`, {
          headers: index % 4 === 1 ? { authorization: 'Bearer junk' } : {},
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(40).fill(401));
    expect(await auditItems()).toEqual(before);
  });

  it('a role-denied probe of a key id that does not exist creates no audit chain', async () => {
    const before = await auditItems();
    const viewer = await token({ sub: 'vic', tenants: ['payments'], roles: ['viewer'] });
    const missing = 'mrk-00000000000000000000000000000bad';
    const answer = await call(`/keys/${missing}/rotations`, { method: 'POST', token: viewer });
    expect(answer.status).toBe(403);
    const after = await auditItems();
    expect(after).toEqual(before);
    expect(after.some((item) => item.pk.includes(missing))).toBe(false);
  });

  it("a denial on another tenant's key is not audited either (existence does not leak into the trail)", async () => {
    await stack.apiDeps.keySets.create(keySetFixture({ tenant: 'payments' }));
    const before = await auditItems();
    const stranger = await token({ sub: 'sam', tenants: ['billing'], roles: ['operator'] });
    const answer = await call(`/keys/${KEY_ID}`, { token: stranger });
    expect(answer.status).toBe(404);
    expect(await auditItems()).toEqual(before);
  });

  it("an authenticated caller denied on a key it can see is audited on that key's chain", async () => {
    const before = await auditItems();
    const viewer = await token({ sub: 'val', tenants: ['payments'], roles: ['viewer'] });
    const answer = await call(`/keys/${KEY_ID}/rotations`, { method: 'POST', token: viewer });
    expect(answer.status).toBe(403);
    const added = (await auditItems()).filter(
      (item) => !before.some((old) => old.pk === item.pk && old.actor === item.actor),
    );
    expect(added).toEqual([{ pk: `AUDIT#${KEY_ID}#${stack.region}`, actor: 'val' }]);
  });
});
