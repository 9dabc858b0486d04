import { describe, expect, it } from 'vitest';
import type { IndependentProperties } from '../../../src/core/model/key-set.js';
import { independentPropertiesFor } from '../../../src/core/model/key-set.js';
import type { Member } from '../../../src/core/model/member.js';
import { defaultKeyPolicy, policyHash, policyText } from '../../../src/core/model/tags.js';
import {
  type PropertySyncCall,
  planPropertySync,
  planRegionSync,
} from '../../../src/core/planning/plan-property-sync.js';
import { ACCOUNT, KEY_ID, keySetFixture, memberFixture, membersOf, OTHER_KEY_ID } from './fixtures.js';

const keySet = keySetFixture();
const desired = independentPropertiesFor(keySet.desired, 'eu-west-1');
const inSync = memberFixture('eu-west-1');
const otherPolicy = { ...defaultKeyPolicy('aws', ACCOUNT), Id: 'custom' };

describe('planRegionSync', () => {
  it.each<[string, Partial<Member>, Partial<IndependentProperties>, PropertySyncCall[]]>([
    ['nothing to do when in sync', {}, {}, []],
    [
      'a tag removed out of band is put back',
      { tags: { team: 'payments' } },
      {},
      [{ operation: 'TagResource', tags: { env: 'prod' } }],
    ],
    [
      'a changed tag value is set, an extra tag removed',
      { tags: { team: 'other', env: 'prod', stray: 'x' } },
      {},
      [
        { operation: 'UntagResource', tagKeys: ['stray'] },
        { operation: 'TagResource', tags: { team: 'payments' } },
      ],
    ],
    [
      'a missing alias is created',
      { aliases: [] },
      {},
      [{ operation: 'CreateAlias', aliasName: 'alias/payments-data' }],
    ],
    [
      'an alias pointing at another key is retargeted',
      { aliases: [], aliasTargets: { 'alias/payments-data': OTHER_KEY_ID } },
      {},
      [{ operation: 'UpdateAlias', aliasName: 'alias/payments-data', previousTargetKeyId: OTHER_KEY_ID }],
    ],
    [
      'an alias no longer desired is deleted',
      { aliases: ['alias/payments-data', 'alias/old'] },
      {},
      [{ operation: 'DeleteAlias', aliasName: 'alias/old' }],
    ],
    [
      'policy first, description, then the enabled state last',
      { policyHash: policyHash(otherPolicy), description: 'old', keyState: 'Disabled', enabled: false },
      {},
      [
        { operation: 'PutKeyPolicy', policy: policyText(keySet.desired.policy) },
        { operation: 'UpdateKeyDescription', description: 'payments data key' },
        { operation: 'EnableKey' },
      ],
    ],
    ['a key to disable is disabled', {}, { enabled: false }, [{ operation: 'DisableKey' }]],
    [
      'the same policy in another key order is no change',
      { policyHash: policyHash(JSON.stringify(keySet.desired.policy, null, 2)) },
      {},
      [],
    ],
  ])('%s', (_name, observed, wanted, calls) => {
    const plan = planRegionSync({ ...desired, ...wanted }, { ...inSync, ...observed });
    expect(plan.calls).toEqual(calls);
    expect(plan.deferred).toEqual([]);
  });

  it('defers every change on a key pending deletion', () => {
    const plan = planRegionSync(desired, {
      ...inSync,
      keyState: 'PendingDeletion',
      enabled: false,
      tags: {},
    });
    expect(plan.calls).toEqual([]);
    expect(plan.deferred).toEqual([{ property: '*', reason: expect.stringContaining('PendingDeletion') }]);
  });

  it('tags a Creating replica but defers EnableKey until it settles', () => {
    const plan = planRegionSync(desired, { ...inSync, keyState: 'Creating', enabled: false, tags: {} });
    expect(plan.calls).toEqual([{ operation: 'TagResource', tags: { team: 'payments', env: 'prod' } }]);
    expect(plan.deferred).toEqual([{ property: 'enabled', reason: expect.stringContaining('Creating') }]);
  });

  it.each([
    [
      'enables rotation on the primary',
      { enabled: false },
      { enabled: true, periodInDays: 365 },
      [{ operation: 'EnableKeyRotation', rotationPeriodInDays: 365 }],
    ],
    [
      'changes the period',
      { enabled: true, periodInDays: 90 },
      { enabled: true, periodInDays: 180 },
      [{ operation: 'EnableKeyRotation', rotationPeriodInDays: 180 }],
    ],
    [
      'disables it',
      { enabled: true, periodInDays: 365 },
      { enabled: false },
      [{ operation: 'DisableKeyRotation' }],
    ],
    ['leaves the default period alone', { enabled: true }, { enabled: true, periodInDays: 365 }, []],
  ])('rotation: %s', (_name, observedRotation, desiredRotation, calls) => {
    const primary = memberFixture('us-east-1', { rotation: observedRotation });
    expect(planRegionSync(desired, primary, desiredRotation).calls).toEqual(calls);
    // Rotation is shared: a replica never takes the call.
    expect(planRegionSync(desired, { ...primary, role: 'REPLICA' }, desiredRotation).calls).toEqual([]);
  });
});

describe('planPropertySync', () => {
  it('applies per-Region overrides: tags merge, description replaces', () => {
    const withOverride = {
      ...keySet.desired,
      regionOverrides: { 'eu-west-1': { description: 'EU copy', tags: { residency: 'eu' } } },
    };
    const plans = planPropertySync(
      withOverride,
      membersOf(memberFixture('us-east-1'), memberFixture('eu-west-1')),
    );
    expect(plans).toEqual([
      {
        region: 'eu-west-1',
        calls: [
          { operation: 'UpdateKeyDescription', description: 'EU copy' },
          { operation: 'TagResource', tags: { residency: 'eu' } },
        ],
        deferred: [],
      },
      { region: 'us-east-1', calls: [], deferred: [] },
    ]);
  });

  it('touches only the listed Regions (an unmanaged replica is left alone)', () => {
    const observed = membersOf(memberFixture('us-east-1'), memberFixture('ap-south-1', { tags: {} }));
    expect(planPropertySync(keySet.desired, observed, keySet.regions).map((plan) => plan.region)).toEqual([
      'us-east-1',
    ]);
    expect(KEY_ID).toMatch(/^mrk-/);
  });
});
