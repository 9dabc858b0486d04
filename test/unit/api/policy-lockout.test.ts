// A key policy that would lock every principal out is refused with a 400 before any KMS call (KMS's
// lockout safety check), as is one over the KMS size quota.
import { describe, expect, it } from 'vitest';
import { createKeysApiHandler } from '../../../src/app/api/create-api-handler.js';
import { defaultKeyPolicy, type PolicyDocument, policyLockoutProblem } from '../../../src/core/model/tags.js';
import { fakeDeps } from './helpers/fake-deps.js';
import { forKey, json, OPERATOR, sampleEvent } from './helpers/sample-events.js';
import { seedKey } from './helpers/seed.js';

const ROOT = { AWS: 'arn:aws:iam::111122223333:root' };
const allow = (action: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: ROOT,
  Action: action,
  Resource: '*',
  ...extra,
});
const policy = (...statements: unknown[]) =>
  ({ Version: '2012-10-17', Statement: statements }) as PolicyDocument;

describe('policyLockoutProblem', () => {
  it('accepts policies that let some principal change the policy again', () => {
    expect(policyLockoutProblem(defaultKeyPolicy('aws', '111122223333'))).toBeUndefined();
    for (const action of [
      'kms:*',
      '*',
      'kms:PutKeyPolicy',
      'KMS:putkeypolicy',
      'kms:Put*',
      ['kms:Encrypt', 'kms:Put?eyPolicy'],
    ]) {
      expect(policyLockoutProblem(policy(allow(action))), JSON.stringify(action)).toBeUndefined();
    }
    expect(
      policyLockoutProblem(policy({ Effect: 'Allow', Principal: ROOT, NotAction: 'kms:Decrypt' })),
    ).toBeUndefined();
    // A conditional Deny of everyone does not lock out for good.
    const conditional = {
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    };
    expect(policyLockoutProblem(policy(allow('kms:*'), conditional))).toBeUndefined();
  });

  it('finds the policies that lock everyone out', () => {
    expect(policyLockoutProblem(policy())).toMatch(/no statement/);
    expect(policyLockoutProblem({ Version: '2012-10-17' })).toMatch(/no statement/);
    expect(policyLockoutProblem(policy(allow(['kms:Encrypt', 'kms:Decrypt'])))).toMatch(
      /allows kms:PutKeyPolicy to no principal/,
    );
    expect(policyLockoutProblem(policy({ Effect: 'Allow', Action: 'kms:*' }))).toMatch(/no principal/);
    expect(policyLockoutProblem(policy({ Effect: 'Allow', Principal: ROOT, NotAction: 'kms:Put*' }))).toMatch(
      /no principal/,
    );
    expect(
      policyLockoutProblem(
        policy(allow('kms:*'), { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:PutKeyPolicy' }),
      ),
    ).toMatch(/denies/);
  });

  it('matches a pattern of thousands of stars without exponential backtracking (a RegExp would hang here)', () => {
    const pattern = `${'*a'.repeat(10_000)}*z`;
    expect(policyLockoutProblem(policy(allow(pattern)))).toMatch(/no principal/);
  });
});

describe('the API refuses a lockout policy before any KMS call', () => {
  it('POST /keys with an empty Statement list is a 400 and creates no key', async () => {
    const deps = fakeDeps();
    const answer = await createKeysApiHandler(deps)(
      sampleEvent('create-key', {
        principal: OPERATOR,
        body: {
          tenant: 'payments',
          primaryRegion: 'us-east-1',
          policy: { Version: '2012-10-17', Statement: [] },
        },
      }),
    );
    expect(answer.statusCode).toBe(400);
    expect(json(answer).message).toMatch(/lock every principal out/);
    expect(deps.kms.keys.size).toBe(0);
  });

  it('PATCH with a policy that allows no kms:PutKeyPolicy, also as a Region override, is a 400', async () => {
    const deps = fakeDeps();
    const key = await seedKey(deps);
    const handler = createKeysApiHandler(deps);
    const locked = policy(allow('kms:Encrypt'));
    for (const body of [{ policy: locked }, { regionOverrides: { 'eu-west-1': { policy: locked } } }]) {
      const answer = await handler(forKey('update-key', key.keyId, { principal: OPERATOR, body }));
      expect(answer.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await deps.keySets.get(key.keyId))?.version).toBe(key.version);
  });

  it('a policy over 32,768 bytes is a 400 naming the quota', async () => {
    const deps = fakeDeps();
    const big = policy(allow('kms:*', { Sid: 'x'.repeat(33_000) }));
    const answer = await createKeysApiHandler(deps)(
      sampleEvent('create-key', {
        principal: OPERATOR,
        body: { tenant: 'payments', primaryRegion: 'us-east-1', policy: big },
      }),
    );
    expect(answer.statusCode).toBe(400);
    expect(json(answer).message).toMatch(/at most 32768/);
  });
});
