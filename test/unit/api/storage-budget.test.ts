// The key set storage budget on the routes that grow a key set from its stored state (PATCH, add replicas).
import { describe, expect, it } from 'vitest';
import { createKeysApiHandler } from '../../../src/app/api/create-api-handler.js';
import { KEY_SET_ITEM_BUDGET_BYTES } from '../../../src/app/api/schemas/key-set-budget.js';
import { fakeDeps } from './helpers/fake-deps.js';
import { forKey, json, OPERATOR } from './helpers/sample-events.js';
import { seedKey } from './helpers/seed.js';

const REGIONS = [
  'us-east-1',
  'eu-west-1',
  'us-west-2',
  'ap-southeast-2',
  'eu-central-1',
  'eu-west-2',
  'us-east-2',
  'us-west-1',
];
const BIG = {
  aliases: Array.from({ length: 20 }, (_, i) => `alias/big-${i}-`.padEnd(256, 'a')),
  description: 'd'.repeat(8192),
  tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`${i}`.padEnd(128, 'k'), 'v'.repeat(256)])),
};

describe('the key set storage budget', () => {
  it('refuses adding replicas that would outgrow it, before any KMS call and without a new version', async () => {
    const deps = fakeDeps({ allowedRegions: REGIONS });
    const seeded = await seedKey(deps);
    const big = await deps.keySets.update(seeded.keyId, seeded.version, {
      desired: { ...seeded.desired, ...BIG },
    });
    const calls = deps.kms.calls.length;
    const answer = await createKeysApiHandler(deps)(
      forKey('add-replicas', seeded.keyId, {
        principal: OPERATOR,
        body: {
          regions: ['us-west-2', 'ap-southeast-2', 'eu-central-1', 'eu-west-2', 'us-east-2', 'us-west-1'],
        },
      }),
    );
    expect(answer.statusCode).toBe(400);
    expect(json(answer)).toMatchObject({
      details: { rule: 'storageLimit', limit: KEY_SET_ITEM_BUDGET_BYTES },
    });
    expect(deps.kms.calls.length).toBe(calls);
    expect((await deps.keySets.get(seeded.keyId))?.version).toBe(big.version);
    expect(deps.workflows.started).toHaveLength(0);
  });

  it('accepts the same replicas for a small key set', async () => {
    const deps = fakeDeps();
    const seeded = await seedKey(deps);
    const answer = await createKeysApiHandler(deps)(
      forKey('add-replicas', seeded.keyId, {
        principal: OPERATOR,
        body: { regions: ['us-west-2', 'ap-southeast-2'] },
      }),
    );
    expect(answer.statusCode).toBe(202);
  });
});
