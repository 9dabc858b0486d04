// Names of the caller's data (tag keys, policy properties) that shadow Object.prototype members are stored as
// plain data: the document client's marshaller used to refuse `constructor` or store `{"name":"String"}` as a string.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeySet } from '../../../src/core/model/key-set.js';
import { keySetFixture, memberFixture } from '../../unit/core/fixtures.js';
import { type StoreFixture, startStore } from './store-fixture.js';

let store: StoreFixture;
beforeAll(async () => {
  store = await startStore();
});
afterAll(async () => {
  await store.close();
});

const HOSTILE_TAGS = {
  constructor: 'x',
  toString: 'y',
  hasOwnProperty: 'z',
  valueOf: 'v',
  isPrototypeOf: 'i',
  team: 'payments',
};

function keyIdOf(n: number): string {
  return `mrk-${n.toString(16).padStart(32, 'a')}`;
}

describe('prototype-member names in stored maps', () => {
  it('stores and reads tags and policy properties named like Object.prototype members', async () => {
    const base = keySetFixture();
    const keySet: KeySet = keySetFixture({
      keyId: keyIdOf(1),
      desired: {
        ...base.desired,
        tags: HOSTILE_TAGS,
        // The marshaller took this object for a String (stored "[object Object]") before the fix.
        policy: {
          Version: '2012-10-17',
          Statement: [],
          constructor: { name: 'String' },
          toString: { name: 'Set' },
        },
        regionOverrides: { 'eu-west-1': { tags: { constructor: 'eu' } } },
      },
    });
    await store.keySets.create(keySet);
    const read = await store.keySets.get(keySet.keyId);
    expect(read).toEqual({ ...keySet, version: 1 });
    expect(Object.hasOwn(read!.desired.tags, 'constructor')).toBe(true);
  });

  it('writes such maps through UpdateItem too (members, desired state)', async () => {
    const keySet = keySetFixture({ keyId: keyIdOf(2) });
    await store.keySets.create(keySet);
    const member = { ...memberFixture('eu-west-1'), tags: { constructor: 'm', toString: 'n' } };
    await store.keySets.recordMembers(keySet.keyId, [member]);
    const desired = { ...keySet.desired, tags: { constructor: 'u', __defineGetter__: 'g' } };
    await store.keySets.update(keySet.keyId, 1, { desired });
    const read = await store.keySets.get(keySet.keyId);
    expect(read?.members['eu-west-1']?.tags).toEqual({ constructor: 'm', toString: 'n' });
    expect(read?.desired.tags).toEqual({ constructor: 'u', __defineGetter__: 'g' });
  });
});
