import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../../src/core/drift/detect-drift.js';
import { detectUnmanagedKeys } from '../../../src/core/drift/detect-unmanaged-keys.js';
import type { DriftFinding } from '../../../src/core/model/drift-finding.js';
import type { KeySet } from '../../../src/core/model/key-set.js';
import type { Member } from '../../../src/core/model/member.js';
import { ACCOUNT, KEY_ID, keySetFixture, memberFixture, membersOf, OTHER_KEY_ID } from './fixtures.js';

const keySet = keySetFixture();
const healthy = () => membersOf(memberFixture('us-east-1'), memberFixture('eu-west-1'));
type Expected = Pick<DriftFinding, 'kind' | 'region'> & Partial<DriftFinding>;

describe('detectDrift', () => {
  it('finds nothing when KMS matches the desired state', () => {
    expect(detectDrift(keySet, healthy())).toEqual([]);
  });

  it.each<[string, Record<string, Member>, Expected[], Partial<KeySet>?]>([
    [
      'a replica is missing',
      membersOf(memberFixture('us-east-1')),
      [
        {
          kind: 'MissingReplica',
          region: 'eu-west-1',
          remedy: 'Replicate',
          remediable: true,
          severity: 'high',
        },
      ],
    ],
    [
      'a replica nobody asked for',
      { ...healthy(), ...membersOf(memberFixture('ap-southeast-2')) },
      [{ kind: 'UnmanagedReplica', region: 'ap-southeast-2', remediable: false }],
    ],
    [
      'the primary moved by someone else',
      membersOf(
        memberFixture('us-east-1', { role: 'REPLICA' }),
        memberFixture('eu-west-1', { role: 'PRIMARY' }),
      ),
      [
        {
          kind: 'PrimaryMoved',
          region: 'eu-west-1',
          expected: 'us-east-1',
          actual: 'eu-west-1',
          remedy: 'RecordPrimary',
        },
      ],
    ],
    [
      'a tag removed out of band',
      { ...healthy(), 'eu-west-1': memberFixture('eu-west-1', { tags: { team: 'payments' } }) },
      [
        {
          kind: 'PropertyDrift',
          region: 'eu-west-1',
          property: 'tags',
          expected: { team: 'payments', env: 'prod' },
          actual: { team: 'payments' },
          remedy: 'SyncProperties',
        },
      ],
    ],
    [
      'an alias pointing at another key',
      {
        ...healthy(),
        'eu-west-1': memberFixture('eu-west-1', {
          aliases: [],
          aliasTargets: { 'alias/payments-data': OTHER_KEY_ID },
        }),
      },
      [{ kind: 'PropertyDrift', region: 'eu-west-1', property: 'aliases', severity: 'high' }],
    ],
    [
      'a replica disabled out of band',
      { ...healthy(), 'eu-west-1': memberFixture('eu-west-1', { keyState: 'Disabled', enabled: false }) },
      [{ kind: 'PropertyDrift', region: 'eu-west-1', property: 'enabled', expected: true, actual: false }],
    ],
    [
      'a key scheduled for deletion that nobody asked to delete',
      {
        ...healthy(),
        'eu-west-1': memberFixture('eu-west-1', {
          keyState: 'PendingDeletion',
          enabled: false,
          deletionDate: '2026-01-08T00:00:00.000Z',
        }),
      },
      [
        {
          kind: 'UnexpectedDeletion',
          region: 'eu-west-1',
          remedy: 'CancelDeletion',
          actual: 'PendingDeletion',
          severity: 'high',
        },
      ],
    ],
    [
      'rotation turned off on the primary',
      { ...healthy(), 'us-east-1': memberFixture('us-east-1', { rotation: { enabled: false } }) },
      [{ kind: 'SharedPropertyDrift', region: 'us-east-1', property: 'rotation', remedy: 'SyncRotation' }],
    ],
    [
      'a replica behind on key material',
      { ...healthy(), 'eu-west-1': memberFixture('eu-west-1', { currentKeyMaterialId: 'b'.repeat(64) }) },
      [
        {
          kind: 'SharedPropertyDrift',
          region: 'eu-west-1',
          property: 'currentKeyMaterialId',
          remediable: false,
        },
      ],
    ],
    [
      'deletion cancelled outside the control plane',
      membersOf(
        memberFixture('us-east-1', { keyState: 'PendingReplicaDeletion', enabled: false }),
        memberFixture('eu-west-1', { keyState: 'Disabled', enabled: false }),
      ),
      [{ kind: 'StateDrift', region: 'eu-west-1', expected: 'PendingDeletion', actual: 'Disabled' }],
      { status: 'PendingDeletion' },
    ],
    [
      'a member KMS cannot use',
      {
        ...healthy(),
        'eu-west-1': memberFixture('eu-west-1', { keyState: 'PendingImport', enabled: false }),
      },
      [
        { kind: 'PropertyDrift', region: 'eu-west-1', property: 'enabled' },
        { kind: 'StateDrift', region: 'eu-west-1', actual: 'PendingImport' },
      ],
    ],
    [
      'mid-deletion (an operation holds the key) only unmanaged replicas count',
      membersOf(memberFixture('us-east-1', { keyState: 'Enabled' }), memberFixture('ca-central-1')),
      [{ kind: 'UnmanagedReplica', region: 'ca-central-1' }],
      { status: 'Deleting', activeOperationId: 'op-1' },
    ],
    [
      'a deletion that stopped half way (replicas pending, the primary not, nothing running)',
      membersOf(
        memberFixture('us-east-1', { keyState: 'Enabled' }),
        memberFixture('eu-west-1', { keyState: 'PendingDeletion', enabled: false }),
      ),
      [
        {
          kind: 'StateDrift',
          region: 'us-east-1',
          expected: 'PendingDeletion',
          actual: 'Enabled',
          severity: 'high',
          remedy: 'None',
        },
      ],
      { status: 'Deleting' },
    ],
    [
      'a deletion stopped during its soak: every member disabled, nothing running',
      membersOf(
        memberFixture('us-east-1', { keyState: 'Disabled', enabled: false }),
        memberFixture('eu-west-1', { keyState: 'Disabled', enabled: false }),
      ),
      [
        { kind: 'StateDrift', region: 'eu-west-1', actual: 'Disabled' },
        { kind: 'StateDrift', region: 'us-east-1', actual: 'Disabled' },
      ],
      { status: 'Deleting' },
    ],
  ])('%s', (_name, observed, expected, overrides) => {
    const findings = detectDrift(keySetFixture(overrides), observed);
    expect(findings).toHaveLength(expected.length);
    for (const [index, item] of expected.entries())
      expect(findings[index]).toMatchObject({ keyId: KEY_ID, ...item });
  });

  it('counts a deletion whose lock lease ran out as stopped, when given the time', () => {
    const stuck = keySetFixture({
      status: 'Deleting',
      activeOperationId: 'op-1',
      lockExpiresAt: '2026-01-01T00:00:00.000Z',
    });
    const observed = membersOf(memberFixture('us-east-1', { keyState: 'Enabled' }));
    expect(detectDrift(stuck, observed, new Date('2025-12-31T00:00:00.000Z'))).toEqual([]);
    expect(detectDrift(stuck, observed, new Date('2026-01-02T00:00:00.000Z'))).toMatchObject([
      { kind: 'StateDrift', region: 'us-east-1' },
    ]);
  });

  it('does not call a promotion in progress a moved primary (both read REPLICA for a while)', () => {
    const observed = membersOf(
      memberFixture('us-east-1', { role: 'REPLICA', keyState: 'Updating' }),
      memberFixture('eu-west-1', { keyState: 'Updating' }),
    );
    expect(detectDrift(keySet, observed).filter((item) => item.kind === 'PrimaryMoved')).toEqual([]);
  });

  it('ignores a leftover replica that is already pending deletion (a finished DeleteReplica)', () => {
    const observed = {
      ...healthy(),
      ...membersOf(memberFixture('ap-southeast-2', { keyState: 'PendingDeletion', enabled: false })),
    };
    expect(detectDrift(keySet, observed)).toEqual([]);
  });

  it.each<[string, Partial<Member>, string]>([
    ['description', { description: 'changed by hand' }, 'The description of the key in eu-west-1 differs'],
    ['policy', { policyHash: 'f'.repeat(64) }, 'The policy of the key in eu-west-1 differs'],
    ['tags', { tags: {} }, 'The tags of the key in eu-west-1 differ'],
    ['aliases', { aliases: [] }, 'The aliases of the key in eu-west-1 differ'],
    [
      'enabled',
      { keyState: 'Disabled', enabled: false },
      'The enabled state of the key in eu-west-1 differs',
    ],
  ])('words the %s finding with a verb that agrees with it', (property, changed, start) => {
    const observed = { ...healthy(), 'eu-west-1': memberFixture('eu-west-1', changed) };
    const found = detectDrift(keySet, observed).filter((item) => item.kind === 'PropertyDrift');
    expect(found.map((item) => [item.property, item.message])).toEqual([
      [property, `${start} from the desired state`],
    ]);
  });

  it('orders findings deterministically', () => {
    const observed = membersOf(memberFixture('eu-west-1', { tags: {}, description: 'x' }));
    const kinds = detectDrift(keySet, observed).map(
      (item) => `${item.region}:${item.kind}:${item.property ?? ''}`,
    );
    expect(kinds).toEqual([
      'eu-west-1:PropertyDrift:description',
      'eu-west-1:PropertyDrift:tags',
      'us-east-1:MissingReplica:',
    ]);
  });
});

describe('detectUnmanagedKeys', () => {
  it('reports multi-Region keys no key set manages, with Adopt as the remedy', () => {
    const arn = (keyId: string, region: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/${keyId}`;
    const findings = detectUnmanagedKeys(new Set([KEY_ID]), [
      { keyId: KEY_ID, region: 'us-east-1', arn: arn(KEY_ID, 'us-east-1') },
      { keyId: OTHER_KEY_ID, region: 'eu-west-1', arn: arn(OTHER_KEY_ID, 'eu-west-1') },
      { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', region: 'eu-west-1', arn: 'single-region' },
    ]);
    expect(findings).toEqual([
      expect.objectContaining({
        kind: 'UnmanagedKey',
        keyId: OTHER_KEY_ID,
        region: 'eu-west-1',
        remedy: 'Adopt',
        remediable: true,
      }),
    ]);
  });
});
