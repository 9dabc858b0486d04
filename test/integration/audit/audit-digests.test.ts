// Signed audit digests end to end: the DynamoDB store in dynalite, the signing key in the KMS emulator (real
// SDK clients both). A cut tail, a tampered or forged digest and a removed digest are each reported by name.
import { DescribeKeyCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditDigestStore } from '../../../src/adapters/aws/dynamodb/dynamo-audit-digest-store.js';
import { DynamoAuditLog } from '../../../src/adapters/aws/dynamodb/dynamo-audit-log.js';
import { KeysTable } from '../../../src/adapters/aws/dynamodb/keys-table.js';
import {
  AUDIT_DIGEST_ALIAS,
  KmsAuditDigestSigner,
} from '../../../src/adapters/aws/kms/kms-audit-digest-signer.js';
import type { AuditAnchors } from '../../../src/app/audit/audit-anchors.js';
import { verifyAuditAnchors } from '../../../src/app/audit/verify-audit-anchors.js';
import { writeAuditDigest } from '../../../src/app/audit/write-audit-digest.js';
import { auditEventId } from '../../../src/core/audit/audit-chain.js';
import { buildAuditDigest, digestSigningMessage } from '../../../src/core/audit/audit-digest.js';
import { verifyAuditChains } from '../../../src/core/audit/verify-audit-chains.js';
import { FixedClock } from '../../../src/core/fakes/fixed-clock.js';
import { startTestDynamo, type TestDynamo } from '../../helpers/dynalite.js';
import { type KmsFixture, startKms, TEST_CREDENTIALS } from '../../helpers/kms.js';
import { KEY_ID, NOW, OTHER_KEY_ID } from '../../unit/core/fixtures.js';

const REGION = 'us-east-1';
const HOUR = 3_600_000;
let kms: KmsFixture;
const signers: KmsAuditDigestSigner[] = [];
let dynamo: TestDynamo | undefined;

beforeAll(async () => {
  kms = await startKms();
});
afterEach(async () => {
  await dynamo?.close();
  dynamo = undefined;
});
afterAll(async () => {
  for (const signer of signers) signer.destroy();
  await kms.close();
});

async function setup() {
  dynamo = await startTestDynamo();
  const table = new KeysTable({
    client: dynamo.documentClient,
    tableName: dynamo.tableName,
    pageTokenSecret: 'test-page-token-secret',
  });
  const clock = new FixedClock(NOW);
  const signer = new KmsAuditDigestSigner({ endpoint: kms.endpoint, credentials: TEST_CREDENTIALS });
  signers.push(signer);
  const anchors: AuditAnchors = {
    store: new DynamoAuditDigestStore(table),
    signer,
    clock,
    writerRegion: REGION,
    intervalMs: HOUR,
  };
  const audit = new DynamoAuditLog(table);
  const append = async (keyId: string, count: number, writerRegion = REGION) => {
    for (let step = 0; step < count; step++) {
      await audit.append({
        eventId: auditEventId(`op-${keyId}-${writerRegion}`, `step-${clock.now().getTime()}-${step}`),
        keyId,
        writerRegion,
        at: clock.now().toISOString(),
        actor: 'alice',
        action: 'UpdateProperties',
        requestId: 'req-1',
        result: 'Succeeded',
      });
    }
  };
  const documents = dynamo.documentClient;
  const tableName = dynamo.tableName;
  return { anchors, audit, append, clock, documents, tableName };
}

describe('signed audit digests (dynalite + the KMS emulator)', () => {
  it('a clean run verifies; the key is a single-Region P-256 signing key found again by its alias', async () => {
    const { anchors, append, clock } = await setup();
    expect(await verifyAuditAnchors(anchors)).toMatchObject({ valid: true, digestCount: 0 });
    await append(KEY_ID, 5);
    await append(OTHER_KEY_ID, 3);
    await append(KEY_ID, 2, 'eu-west-1'); // another writer Region's chain: its own series, not this one
    const first = await writeAuditDigest(anchors);
    expect(first).toMatchObject({ writerRegion: REGION, sequence: 1, chainCount: 2, stored: true });
    clock.advance(HOUR);
    await append(KEY_ID, 1);
    expect(await writeAuditDigest(anchors)).toMatchObject({ sequence: 2, chainCount: 2, stored: true });
    const result = await verifyAuditAnchors(anchors);
    expect(result).toMatchObject({ valid: true, digestCount: 2, checkedHeads: 2, problems: [] });
    expect(result.latest).toMatchObject({ sequence: 2, chainCount: 2 });

    const { KeyMetadata } = await kms
      .client(REGION)
      .send(new DescribeKeyCommand({ KeyId: AUDIT_DIGEST_ALIAS }));
    expect(KeyMetadata).toMatchObject({
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      MultiRegion: false,
    });
    expect(KeyMetadata?.KeyId?.startsWith('mrk-')).toBe(false);
    const { Tags } = await kms
      .client(REGION)
      .send(new ListResourceTagsCommand({ KeyId: KeyMetadata?.KeyId }));
    expect(Tags).toContainEqual({ TagKey: 'mrk-control-plane:purpose', TagValue: 'audit-digest' });
    // A second signer (another container) finds the same key by its alias and verifies the same digests.
    const again = new KmsAuditDigestSigner({ endpoint: kms.endpoint, credentials: TEST_CREDENTIALS });
    signers.push(again);
    expect(await verifyAuditAnchors({ ...anchors, signer: again })).toMatchObject({ valid: true });
  });

  it('deleting the last links of a chain after a digest fails verification, naming the chain', async () => {
    const { anchors, append, audit, clock, documents, tableName } = await setup();
    await append(KEY_ID, 5);
    await append(OTHER_KEY_ID, 3);
    await writeAuditDigest(anchors);
    clock.advance(60_000);
    for (const sequence of ['0000000005', '0000000004']) {
      await documents.send(
        new DeleteCommand({ TableName: tableName, Key: { PK: `AUDIT#${KEY_ID}#${REGION}`, SK: sequence } }),
      );
    }
    // The bare hash chain cannot tell: what is left still links perfectly.
    const left = await audit.readChain(KEY_ID, REGION, { limit: 1000 });
    expect(left.items).toHaveLength(3);
    expect(verifyAuditChains(left.items).valid).toBe(true);

    const result = await verifyAuditAnchors(anchors);
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ kind: 'ChainCut', keyId: KEY_ID, writerRegion: REGION, recordedSequence: 5 }),
    ]);
    expect(result.problems[0]?.message).toContain(
      `The audit chain of ${KEY_ID} (us-east-1) no longer reaches sequence 5`,
    );
    // Per key: the cut key fails, the other one verifies.
    expect((await verifyAuditAnchors(anchors, { keyId: KEY_ID })).valid).toBe(false);
    expect(await verifyAuditAnchors(anchors, { keyId: OTHER_KEY_ID })).toMatchObject({
      valid: true,
      checkedHeads: 1,
    });
  });

  it('a tampered digest fails: an edited field, then a re-hashed forgery, then a removed digest', async () => {
    const { anchors, append, clock, documents, tableName } = await setup();
    await append(KEY_ID, 4);
    for (let run = 0; run < 3; run++) {
      await writeAuditDigest(anchors);
      clock.advance(HOUR);
    }
    clock.advance(-HOUR + 60_000);
    const key = DynamoAuditDigestStore.keyOf(REGION, 2);
    const original = (await documents.send(new GetCommand({ TableName: tableName, Key: key }))).Item!;

    await documents.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET chainCount = :zero',
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );
    let result = await verifyAuditAnchors(anchors);
    // The signature was made over the original fields, so it no longer holds either.
    expect(result.problems.map((problem) => [problem.kind, problem.digestSequence])).toEqual([
      ['DigestAltered', 2],
      ['DigestSignatureInvalid', 2],
    ]);

    // A forger who recomputes the hash still cannot sign with the control plane's key.
    const digests = (await anchors.store.listDigests(REGION)).items;
    const forged = buildAuditDigest(
      digests.find((digest) => digest.sequence === 1),
      [],
      {
        writerRegion: REGION,
        createdAt: String(original.createdAt),
      },
    );
    await documents.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...original, ...forged, signature: original.signature },
      }),
    );
    result = await verifyAuditAnchors(anchors);
    expect(result.problems.map((problem) => [problem.kind, problem.digestSequence])).toEqual([
      ['DigestSignatureInvalid', 2],
      ['DigestMissing', 3],
    ]);
    expect(
      await anchors.signer.verifyDigest(REGION, digestSigningMessage(forged), {
        ...(original.signature as { keyArn: string; algorithm: string; value: string }),
        value: Buffer.from('not a signature').toString('base64'),
      }),
    ).toBe(false);

    await documents.send(new DeleteCommand({ TableName: tableName, Key: key }));
    result = await verifyAuditAnchors(anchors);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'DigestMissing', digestSequence: 3 })]);
    expect(result.problems[0]?.message).toContain('Digest 2 of us-east-1 is missing');
  });

  it('no digest written for longer than the schedule allows is reported (the newest digests removed)', async () => {
    const { anchors, append, clock } = await setup();
    await append(KEY_ID, 2);
    await writeAuditDigest(anchors);
    clock.advance(2 * HOUR);
    const result = await verifyAuditAnchors(anchors);
    expect(result.problems.map((problem) => problem.kind)).toEqual(['DigestStale']);
  });

  it('two writers racing for one sequence store one digest, and it verifies', async () => {
    const { anchors, append } = await setup();
    await append(KEY_ID, 3);
    const results = await Promise.all([writeAuditDigest(anchors), writeAuditDigest(anchors)]);
    expect(results.map((result) => result.stored).sort()).toEqual([false, true]);
    expect(await verifyAuditAnchors(anchors)).toMatchObject({ valid: true, digestCount: 1 });
  });
});
