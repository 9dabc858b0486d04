import { ListResourceTagsCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, mrkWithReplica, rawKms, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
let keyId: string;
const east = () => kms.client('us-east-1');
const west = () => kms.client('eu-west-1');

beforeAll(async () => {
  kms = await startKms();
  keyId = (await mrkWithReplica(kms)).keyId;
});
afterAll(() => kms.close());

describe('tag validation', () => {
  it('reports over-long keys and values at their 1-based position', async () => {
    const key = await rawKms(kms.endpoint, 'TagResource', {
      KeyId: keyId,
      Tags: [
        { TagKey: 'ok', TagValue: '' },
        { TagKey: 'k'.repeat(129), TagValue: 'v' },
      ],
    });
    expect(key.json?.message).toBe(
      `1 validation error detected: Value '${'k'.repeat(129)}' at 'tags.2.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
    const value = await rawKms(kms.endpoint, 'TagResource', {
      KeyId: keyId,
      Tags: [{ TagKey: 'k', TagValue: 'v'.repeat(257) }],
    });
    expect(value.json?.message).toMatch(
      /at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256$/,
    );
  });

  it('answers TagException for reserved, duplicate and too many tags', async () => {
    const cases: Array<[Array<{ TagKey: string; TagValue: string }>, string]> = [
      [[{ TagKey: 'AWS:x', TagValue: 'v' }], 'Tags beginning with aws: are reserved'],
      [
        [
          { TagKey: 'a', TagValue: '1' },
          { TagKey: 'a', TagValue: '2' },
        ],
        'Duplicate tag keys',
      ],
      [Array.from({ length: 51 }, (_, i) => ({ TagKey: `t${i}`, TagValue: '' })), 'Too many tags'],
    ];
    for (const [Tags, message] of cases) {
      await expect(east().send(new TagResourceCommand({ KeyId: keyId, Tags }))).rejects.toMatchObject({
        name: 'TagException',
        message,
      });
    }
    expect((await east().send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags).toEqual([]);
  });

  it('takes key ids and ARNs but not aliases, and needs Tags', async () => {
    await expect(east().send(new ListResourceTagsCommand({ KeyId: 'alias/x' }))).rejects.toMatchObject({
      name: 'NotFoundException',
      message: "Invalid keyId 'alias/x'",
    });
    const missing = await rawKms(kms.endpoint, 'TagResource', { KeyId: keyId });
    expect(missing.json?.message).toBe(
      "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe('tag behaviour', () => {
  it('upserts, removes and lists per Region, never synchronised', async () => {
    await east().send(
      new TagResourceCommand({
        KeyId: keyId,
        Tags: [
          { TagKey: 'team', TagValue: 'a' },
          { TagKey: 'env', TagValue: 'dev' },
        ],
      }),
    );
    await east().send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'team', TagValue: 'b' }] }));
    const east1 = await east().send(new ListResourceTagsCommand({ KeyId: keyId }));
    expect(east1.Tags).toEqual([
      { TagKey: 'env', TagValue: 'dev' },
      { TagKey: 'team', TagValue: 'b' },
    ]);
    expect(east1.Truncated).toBe(false);
    expect((await west().send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags).toEqual([]);
    await east().send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['env', 'absent'] }));
    expect((await east().send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags).toEqual([
      { TagKey: 'team', TagValue: 'b' },
    ]);
  });

  it('pages with Limit and Marker (Limit at most 50)', async () => {
    await west().send(
      new TagResourceCommand({
        KeyId: keyId,
        Tags: ['a', 'b', 'c'].map((k) => ({ TagKey: k, TagValue: k })),
      }),
    );
    const first = await west().send(new ListResourceTagsCommand({ KeyId: keyId, Limit: 2 }));
    expect(first.Tags?.map((tag) => tag.TagKey)).toEqual(['a', 'b']);
    expect(first.Truncated).toBe(true);
    const rest = await west().send(
      new ListResourceTagsCommand({ KeyId: keyId, Limit: 2, Marker: first.NextMarker }),
    );
    expect(rest.Tags?.map((tag) => tag.TagKey)).toEqual(['c']);
    const tooMany = await rawKms(kms.endpoint, 'ListResourceTags', { KeyId: keyId, Limit: 51 });
    expect(tooMany.json?.__type).toBe('ValidationException');
  });
});
