import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../../src/core/errors.js';
import type { Member } from '../../../src/core/model/member.js';
import { planReplication, type ReplicationStep } from '../../../src/core/planning/plan-replication.js';
import { keySetFixture, memberFixture, membersOf } from './fixtures.js';

const keySet = keySetFixture();
const primary = memberFixture('us-east-1');

describe('planReplication', () => {
  it.each<[string, string[], Record<string, Member>, ReplicationStep[]]>([
    [
      'a new Region is replicated',
      ['eu-west-1'],
      membersOf(primary),
      [{ region: 'eu-west-1', action: 'Replicate' }],
    ],
    [
      'a replica that already exists (a retry after a timeout) is adopted',
      ['eu-west-1'],
      membersOf(primary, memberFixture('eu-west-1')),
      [{ region: 'eu-west-1', action: 'Adopt', reason: 'Exists', keyState: 'Enabled' }],
    ],
    [
      'a replica still Creating is adopted and waited for',
      ['eu-west-1'],
      membersOf(primary, memberFixture('eu-west-1', { keyState: 'Creating', enabled: false })),
      [{ region: 'eu-west-1', action: 'Adopt', reason: 'Creating', keyState: 'Creating' }],
    ],
    [
      'a disabled replica is adopted (enabling it is property sync)',
      ['eu-west-1'],
      membersOf(primary, memberFixture('eu-west-1', { keyState: 'Disabled', enabled: false })),
      [{ region: 'eu-west-1', action: 'Adopt', reason: 'Exists', keyState: 'Disabled' }],
    ],
    [
      "the primary's own Region needs no replica",
      ['us-east-1', 'eu-west-1'],
      membersOf(primary),
      [
        { region: 'eu-west-1', action: 'Replicate' },
        {
          region: 'us-east-1',
          action: 'Skip',
          reason: 'IsPrimary',
          message: 'us-east-1 holds the primary key; it needs no replica',
        },
      ],
    ],
    [
      'several Regions come back sorted, duplicates once',
      ['eu-west-1', 'ap-southeast-2', 'eu-west-1'],
      {},
      [
        { region: 'ap-southeast-2', action: 'Replicate' },
        { region: 'eu-west-1', action: 'Replicate' },
      ],
    ],
  ])('%s', (_name, regions, observed, steps) => {
    expect(planReplication(keySet, regions, observed).steps).toEqual(steps);
  });

  it('skips a Region pending deletion and says why and until when', () => {
    const pending = memberFixture('eu-west-1', {
      keyState: 'PendingDeletion',
      enabled: false,
      deletionDate: '2026-01-08T00:00:00.000Z',
    });
    const [step] = planReplication(keySet, ['eu-west-1'], membersOf(primary, pending)).steps;
    expect(step).toMatchObject({ region: 'eu-west-1', action: 'Skip', reason: 'PendingDeletion' });
    expect(step?.action === 'Skip' && step.message).toMatch(
      /PendingDeletion until 2026-01-08.*AlreadyExistsException.*Cancel its deletion/,
    );
  });

  it('sends ReplicateKey to where the primary really is when it moved', () => {
    const moved = membersOf(
      memberFixture('us-east-1', { role: 'REPLICA' }),
      memberFixture('eu-west-1', { role: 'PRIMARY' }),
    );
    const plan = planReplication(keySet, ['ap-southeast-2', 'eu-west-1'], moved);
    expect(plan.primaryRegion).toBe('eu-west-1');
    expect(plan.steps).toEqual([
      { region: 'ap-southeast-2', action: 'Replicate' },
      expect.objectContaining({ region: 'eu-west-1', action: 'Skip', reason: 'IsPrimary' }),
    ]);
  });

  it.each(['Disabled', 'PendingReplicaDeletion', 'Updating'] as const)(
    'refuses while the primary is %s',
    (keyState) => {
      const observed = membersOf(memberFixture('us-east-1', { keyState, enabled: false }));
      expect(() => planReplication(keySet, ['eu-west-1'], observed)).toThrow(ConflictError);
    },
  );

  it.each([
    [['us-gov-west-1'], /one partition/],
    [['cn-north-1'], /multi-Region/],
    [['atlantis-1'], /Unknown Region/],
  ])('rejects %j', (regions, message) => {
    expect(() => planReplication(keySet, regions, {})).toThrow(message);
    expect(() => planReplication(keySet, regions, {})).toThrow(ValidationError);
  });
});
