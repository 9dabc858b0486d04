// Adoption keeps a Region's own tag even when its key is named like an Object.prototype member.
import { describe, expect, it } from 'vitest';
import { draftAdoptedKeySet } from '../../../src/app/drift/adopt-key-set.js';
import { FakeKeyService } from '../api/helpers/fake-key-service.js';

describe('adopting a set whose replica has a tag named constructor', () => {
  it('records that tag as the Region override, so adopting changes nothing in KMS', async () => {
    const kms = new FakeKeyService();
    const created = await kms.createKey('us-east-1', { description: 'legacy', tags: { team: 'ops' } });
    kms.addReplica('us-east-1', created.keyId, 'eu-west-1');
    kms.keys.get(`eu-west-1/${created.keyId}`)!.tags = { team: 'ops', constructor: 'eu', toString: 'x' };
    const keySet = await draftAdoptedKeySet(
      kms,
      { keyId: created.keyId, region: 'us-east-1', tenant: 'payments' },
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(keySet.desired.tags).toEqual({ team: 'ops' });
    expect(keySet.desired.regionOverrides['eu-west-1']?.tags).toEqual({ constructor: 'eu', toString: 'x' });
  });
});
