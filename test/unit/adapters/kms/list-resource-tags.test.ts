// ListResourceTags read into a record: a tag key named __proto__ (KMS allows it) stays an entry.
import { KMSClient, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { KmsSend } from '../../../../src/adapters/aws/kms/call-kms.js';
import { listAllResourceTags } from '../../../../src/adapters/aws/kms/list-all.js';

describe('listAllResourceTags', () => {
  it('keeps tags named __proto__ and constructor as own entries, across pages', async () => {
    const client = new KMSClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock
      .on(ListResourceTagsCommand, { Marker: undefined })
      .resolves({ Tags: [{ TagKey: '__proto__', TagValue: 'p' }], Truncated: true, NextMarker: 'm' })
      .on(ListResourceTagsCommand, { Marker: 'm' })
      .resolves({ Tags: [{ TagKey: 'constructor', TagValue: 'c' }], Truncated: false });
    const send: KmsSend = (_region, _operation, _keyId, call) => call(client);
    const tags = await listAllResourceTags(send, 'us-east-1', 'mrk-1');
    expect(Object.keys(tags).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.entries(tags).sort()).toEqual([
      ['__proto__', 'p'],
      ['constructor', 'c'],
    ]);
    mock.restore();
  });
});
