// Fixtures for core and store tests: a healthy key set and members that match it, easy to bend per case.
import type { KeySet } from '../../../src/core/model/key-set.js';
import type { Member } from '../../../src/core/model/member.js';
import { policyHash } from '../../../src/core/model/tags.js';
import { keySetRecord } from '../../helpers/key-set-fixture.js';

export const KEY_ID = 'mrk-0123456789abcdef0123456789abcdef';
export const OTHER_KEY_ID = 'mrk-fedcba9876543210fedcba9876543210';
export const ACCOUNT = '111122223333';
export const NOW = '2026-01-01T00:00:00.000Z';

export function keySetFixture(overrides: Partial<KeySet> = {}): KeySet {
  return keySetRecord({
    keyId: KEY_ID,
    account: ACCOUNT,
    primaryRegion: 'us-east-1',
    regions: ['us-east-1', 'eu-west-1'],
    now: NOW,
    desired: {
      tags: { team: 'payments', env: 'prod' },
      aliases: ['alias/payments-data'],
      rotation: { enabled: true, periodInDays: 365 },
    },
    overrides,
  });
}

/** A member that matches `keySet`'s desired state in `region` exactly. */
export function memberFixture(
  region: string,
  overrides: Partial<Member> = {},
  keySet: KeySet = keySetFixture(),
): Member {
  const primary = region === keySet.primaryRegion;
  return {
    region,
    arn: `arn:aws:kms:${region}:${ACCOUNT}:key/${keySet.keyId}`,
    role: primary ? 'PRIMARY' : 'REPLICA',
    keyState: 'Enabled',
    enabled: true,
    primaryRegion: keySet.primaryRegion,
    description: keySet.desired.description,
    policyHash: policyHash(keySet.desired.policy),
    tags: { ...keySet.desired.tags },
    aliases: [...keySet.desired.aliases],
    rotation: { enabled: true, periodInDays: 365 },
    currentKeyMaterialId: 'a'.repeat(64),
    observedAt: NOW,
    ...overrides,
  };
}

export function membersOf(...members: Member[]): Record<string, Member> {
  return Object.fromEntries(members.map((member) => [member.region, member]));
}
