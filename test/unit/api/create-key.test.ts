// POST /keys through the keys handler with fakes: 202, guardrails, validation, idempotent retries.
import { describe, expect, it } from 'vitest';
import { createDepsOf } from '../../../src/app/api/actions/launch-deps.js';
import { createKeysApiHandler } from '../../../src/app/api/create-api-handler.js';
import { resumeInterruptedCreates } from '../../../src/app/keys/finish-create.js';
import { DependencyError } from '../../../src/core/errors.js';
import { KmsUnavailableError } from '../../../src/core/workflows/kms-errors.js';
import { fakeDeps } from './helpers/fake-deps.js';
import { json, OPERATOR, OTHER_OPERATOR, sampleEvent } from './helpers/sample-events.js';

const body = JSON.parse(sampleEvent('create-key').body!) as Record<string, unknown>;

/** KMS creates the key but its answer is lost (a timeout, a crash right after CreateKey returned). */
function loseCreateKeyAnswerOnce(deps: ReturnType<typeof fakeDeps>): void {
  const create = deps.kms.createKey.bind(deps.kms);
  let lost = false;
  deps.kms.createKey = async (region, request) => {
    const created = await create(region, request);
    if (lost) return created;
    lost = true;
    throw new KmsUnavailableError('KMS CreateKey timed out (injected)');
  };
}

const createKeyCalls = (deps: ReturnType<typeof fakeDeps>) =>
  deps.kms.calls.filter((call) => call.startsWith('CreateKey'));

describe('POST /keys: KMS and the records never disagree', () => {
  it('a retry after the CreateKey answer was lost finds the key by its operation tag: one KMS key, one set', async () => {
    const deps = fakeDeps();
    loseCreateKeyAnswerOnce(deps);
    const handler = createKeysApiHandler(deps);
    expect((await handler(sampleEvent('create-key'))).statusCode).toBe(503);
    const retried = await handler(sampleEvent('create-key', { requestId: 'req-retry' }));
    expect(retried.statusCode).toBe(202);
    const { key, operation } = json(retried) as {
      key: { keyId: string };
      operation: { operationId: string };
    };
    expect(createKeyCalls(deps)).toHaveLength(1);
    expect([...deps.kms.keys.keys()]).toEqual([`us-east-1/${key.keyId}`]);
    const tags = await deps.kms.listResourceTags('us-east-1', key.keyId);
    expect(tags['mrk-control-plane:operation-id']).toBe(operation.operationId);
    // The mark is the control plane's: the recorded member shows the owner's tags only.
    expect((await deps.keySets.get(key.keyId))?.members['us-east-1']?.tags).toEqual({ team: 'payments' });
    expect(await deps.intents.get(operation.operationId)).toBeUndefined();
  });

  it('with no retry, the sweep records the set and provisions it; a late retry then makes no second key', async () => {
    const deps = fakeDeps();
    loseCreateKeyAnswerOnce(deps);
    const handler = createKeysApiHandler(deps);
    expect((await handler(sampleEvent('create-key'))).statusCode).toBe(503);
    expect((await deps.keySets.listAll()).items).toEqual([]);
    deps.clock.advance(1);
    const swept = await resumeInterruptedCreates(createDepsOf(deps), 0);
    expect(swept.resumed).toHaveLength(1);
    const [keySet] = (await deps.keySets.listAll()).items;
    expect(keySet?.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(deps.workflows.started.map((start) => start.workflow)).toEqual(['provision-key']);
    deps.clock.advance(deps.settings.idempotencyLeaseMs + 1);
    const late = await handler(sampleEvent('create-key', { requestId: 'req-late' }));
    expect(late.statusCode).toBe(202);
    expect((json(late) as { key: { keyId: string } }).key.keyId).toBe(keySet?.keyId);
    expect(createKeyCalls(deps)).toHaveLength(1);
  });

  it('the sweep drops an intent whose key never came to exist, and creates nothing', async () => {
    const deps = fakeDeps();
    deps.kms.createKey = async () => {
      throw new KmsUnavailableError('KMS is down (injected)');
    };
    expect((await createKeysApiHandler(deps)(sampleEvent('create-key'))).statusCode).toBe(503);
    deps.clock.advance(1);
    const swept = await resumeInterruptedCreates(createDepsOf(deps), 0);
    expect(swept).toEqual({ resumed: [], dropped: [expect.stringMatching(/^op-/)] });
    expect(deps.kms.keys.size).toBe(0);
    expect((await deps.keySets.listAll()).items).toEqual([]);
  });

  it('a workflow that cannot start leaves the operation Failed (WorkflowNotStarted) and the key unlocked', async () => {
    const deps = fakeDeps();
    deps.workflows.failNext = new DependencyError('Step Functions is down');
    const failed = await createKeysApiHandler(deps)(sampleEvent('create-key'));
    expect(failed.statusCode).toBe(503);
    const [keySet] = (await deps.keySets.listAll()).items;
    expect(keySet?.activeOperationId).toBeUndefined();
    const [operation] = (await deps.operations.listByKey(keySet!.keyId)).items;
    expect(operation).toMatchObject({ status: 'Failed', error: { code: 'WorkflowNotStarted' } });
    expect(operation?.error?.message).not.toContain('Step Functions is down');
  });
});

describe('POST /keys', () => {
  it('creates the primary, records the set locked by its operation, starts provision-key and answers 202', async () => {
    const deps = fakeDeps();
    const result = await createKeysApiHandler(deps)(sampleEvent('create-key'));
    expect(result.statusCode).toBe(202);
    const answer = json(result) as {
      key: { keyId: string; tenant: string; activeOperationId: string };
      operation: { operationId: string; type: string; status: string };
    };
    expect(answer.operation).toMatchObject({ type: 'Provision', status: 'Pending' });
    expect(answer.key.tenant).toBe('payments');
    expect(answer.key.activeOperationId).toBe(answer.operation.operationId);
    expect(result.headers?.location).toBe(`/operations/${answer.operation.operationId}`);
    expect(deps.kms.calls.filter((call) => call.startsWith('CreateKey'))).toEqual(['CreateKey:us-east-1']);
    expect(deps.workflows.started).toEqual([
      {
        workflow: 'provision-key',
        input: { operationId: answer.operation.operationId, keyId: answer.key.keyId },
      },
    ]);
    expect((await deps.operations.get(answer.operation.operationId))?.executionArn).toBe(
      `arn:aws:states:us-east-1:111122223333:execution:provision-key:${answer.operation.operationId}`,
    );
    const stored = await deps.keySets.get(answer.key.keyId);
    expect(stored?.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(stored?.desired.aliases).toEqual(['alias/payments-data']);
    expect(stored?.desired.policy).toMatchObject({
      Statement: [{ Principal: { AWS: 'arn:aws:iam::111122223333:root' } }],
    });
  });

  it('replays the first answer for the same Idempotency-Key and body, without a second CreateKey', async () => {
    const deps = fakeDeps();
    const handler = createKeysApiHandler(deps);
    const first = await handler(sampleEvent('create-key'));
    const second = await handler(sampleEvent('create-key', { requestId: 'req-retry' }));
    expect(second.statusCode).toBe(202);
    expect(json(second)).toEqual(json(first));
    expect(second.headers?.['idempotent-replayed']).toBe('true');
    expect(deps.kms.calls.filter((call) => call.startsWith('CreateKey'))).toHaveLength(1);
  });

  it('refuses the same Idempotency-Key with another body (422) and changes nothing', async () => {
    const deps = fakeDeps();
    const handler = createKeysApiHandler(deps);
    await handler(sampleEvent('create-key'));
    const other = await handler(sampleEvent('create-key', { body: { ...body, description: 'other' } }));
    expect(other.statusCode).toBe(422);
    expect(json(other)).toMatchObject({ error: 'IdempotencyKeyMismatch', requestId: 'req-create-key' });
    expect(deps.kms.calls.filter((call) => call.startsWith('CreateKey'))).toHaveLength(1);
  });

  it('a retry after a failure that followed CreateKey resumes with the same key: never a second KMS key', async () => {
    const deps = fakeDeps();
    const handler = createKeysApiHandler(deps);
    deps.workflows.failNext = new DependencyError('Step Functions is down');
    const failed = await handler(sampleEvent('create-key'));
    expect(failed.statusCode).toBe(503);
    expect(json(failed)).toEqual({
      error: 'DependencyError',
      message: 'A dependency is unavailable; retry later.',
      requestId: 'req-create-key',
    });
    const retried = await handler(sampleEvent('create-key', { requestId: 'req-retry' }));
    expect(retried.statusCode).toBe(202);
    const keyId = (json(retried) as { key: { keyId: string } }).key.keyId;
    expect(deps.kms.calls.filter((call) => call.startsWith('CreateKey'))).toHaveLength(1);
    expect([...deps.kms.keys.keys()]).toEqual([`us-east-1/${keyId}`]);
    expect(deps.workflows.started).toHaveLength(1);
  });

  it('rejects unknown fields by name (400) and calls nothing', async () => {
    const deps = fakeDeps();
    const result = await createKeysApiHandler(deps)(
      sampleEvent('create-key', {
        body: { ...body, colour: 'blue', shape: 1 },
        headers: { 'Idempotency-Key': 'x1' },
      }),
    );
    expect(result.statusCode).toBe(400);
    const answer = json(result) as { error: string; message: string; details: { unknownFields: string[] } };
    expect(answer.error).toBe('ValidationError');
    expect(answer.message).toContain('colour');
    expect(answer.details.unknownFields).toEqual(['colour', 'shape']);
    expect(deps.kms.calls).toEqual([]);
    expect(deps.idempotency.size).toBe(0);
  });

  it('denies a Region outside the guardrails with 403 naming the rule, audited', async () => {
    const deps = fakeDeps({ allowedRegions: ['us-east-1'] });
    const result = await createKeysApiHandler(deps)(sampleEvent('create-key'));
    expect(result.statusCode).toBe(403);
    expect(json(result)).toMatchObject({ error: 'Forbidden', details: { rule: 'allowedRegions' } });
    expect(deps.kms.calls).toEqual([]);
    const audit = await deps.audit.listByKey('api');
    expect(audit.items).toMatchObject([{ result: 'Denied', actor: 'alice', details: { status: 403 } }]);
    expect(deps.telemetry.entries.some((entry) => entry.message === 'Request denied')).toBe(true);
  });

  it('denies creating a key for a tenant the operator does not belong to (403)', async () => {
    const deps = fakeDeps();
    const result = await createKeysApiHandler(deps)(sampleEvent('create-key', { principal: OTHER_OPERATOR }));
    expect(result.statusCode).toBe(403);
    expect(json(result)).toMatchObject({ details: { rule: 'tenantAccess' } });
  });

  it('refuses rotation for an asymmetric key and a key usage the spec does not support (400)', async () => {
    const deps = fakeDeps();
    const handler = createKeysApiHandler(deps);
    const rotation = await handler(
      sampleEvent('create-key', {
        body: { ...body, keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' },
        principal: OPERATOR,
        headers: { 'Idempotency-Key': 'r1' },
      }),
    );
    expect(rotation.statusCode).toBe(400);
    const usage = await handler(
      sampleEvent('create-key', {
        body: { ...body, keySpec: 'HMAC_256', keyUsage: 'ENCRYPT_DECRYPT', rotation: undefined },
        headers: { 'Idempotency-Key': 'r2' },
      }),
    );
    expect(usage.statusCode).toBe(400);
    expect(json(usage).message).toContain('keyUsage');
  });
});
