import {
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  ListKeysCommand,
  ReplicateKeyCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, rawKms, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
const east = () => kms.client('us-east-1');
const west = () => kms.client('eu-west-1');

beforeAll(async () => {
  kms = await startKms();
});
afterAll(() => kms.close());

async function mrk(region = 'us-east-1'): Promise<{ id: string; arn: string }> {
  const { KeyMetadata } = await kms.client(region).send(new CreateKeyCommand({ MultiRegion: true }));
  return { id: KeyMetadata?.KeyId as string, arn: KeyMetadata?.Arn as string };
}

describe('CreateKey validation', () => {
  it('lists the key specs for a bad enum and needs KeyUsage for non-symmetric specs', async () => {
    const answer = await rawKms(kms.endpoint, 'CreateKey', { KeySpec: 'AES_256' });
    expect(answer.json?.__type).toBe('ValidationException');
    expect(answer.json?.message).toMatch(
      /^1 validation error detected: Value 'AES_256' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: \[.*SYMMETRIC_DEFAULT.*\]$/,
    );
    await expect(east().send(new CreateKeyCommand({ KeySpec: 'HMAC_256' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
    });
    await expect(
      east().send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'KEY_AGREEMENT' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048',
    });
  });

  it('counts several problems in one message and refuses a too-long description', async () => {
    const answer = await rawKms(kms.endpoint, 'CreateKey', { KeyUsage: 'NOPE', Origin: 'NOPE' });
    expect(answer.json?.message).toMatch(
      /^2 validation errors detected: Value 'NOPE' at 'keyUsage'.*; Value 'NOPE' at 'origin'/,
    );
    const long = await rawKms(kms.endpoint, 'CreateKey', { Description: 'd'.repeat(8193) });
    expect(long.json?.message).toMatch(
      /at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192$/,
    );
  });

  it('refuses wrong JSON types with SerializationException', async () => {
    const answer = await rawKms(kms.endpoint, 'CreateKey', { MultiRegion: 'yes' });
    expect(answer.status).toBe(400);
    expect(answer.json?.__type).toBe('SerializationException');
  });

  it('refuses multi-Region keys in a custom key store', async () => {
    await expect(
      east().send(new CreateKeyCommand({ MultiRegion: true, Origin: 'AWS_CLOUDHSM' })),
    ).rejects.toMatchObject({
      name: 'UnsupportedOperationException',
    });
  });
});

describe('CreateKey / DescribeKey / ListKeys behaviour', () => {
  it('creates mrk- ids, describes by id, ARN and alias-free forms, only in the key’s Region', async () => {
    const key = await mrk();
    expect(key.id).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(key.arn).toBe(`arn:aws:kms:us-east-1:111122223333:key/${key.id}`);
    for (const id of [key.id, key.arn]) {
      expect((await east().send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata?.Arn).toBe(key.arn);
    }
    await expect(west().send(new DescribeKeyCommand({ KeyId: key.id }))).rejects.toMatchObject({
      name: 'NotFoundException',
      message: `Key 'arn:aws:kms:eu-west-1:111122223333:key/${key.id}' does not exist`,
    });
    await expect(
      east().send(new DescribeKeyCommand({ KeyId: `mrk-${'a'.repeat(31)}` })),
    ).rejects.toMatchObject({
      message: `Invalid keyId 'mrk-${'a'.repeat(31)}'`,
    });
  });

  it('lists keys per Region, paged', async () => {
    const region = 'ap-northeast-2';
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await mrk(region)).id);
    const client = kms.client(region);
    const first = await client.send(new ListKeysCommand({ Limit: 2 }));
    expect(first.Truncated).toBe(true);
    const rest = await client.send(new ListKeysCommand({ Limit: 2, Marker: first.NextMarker }));
    expect([...(first.Keys ?? []), ...(rest.Keys ?? [])].map((key) => key.KeyId)).toEqual(ids);
    expect(rest.Truncated).toBe(false);
    expect(rest.Keys?.[0]?.KeyArn).toContain(`:${region}:`);
  });

  it('uses each partition’s ARN prefix and keeps sets inside their partition', async () => {
    for (const [region, partition] of [
      ['cn-north-1', 'aws-cn'],
      ['us-gov-west-1', 'aws-us-gov'],
      ['us-iso-east-1', 'aws-iso'],
      ['us-isob-east-1', 'aws-iso-b'],
      ['eu-isoe-west-1', 'aws-iso-e'],
      ['us-isof-south-1', 'aws-iso-f'],
      ['eusc-de-east-1', 'aws-eusc'],
    ] as const) {
      const { KeyMetadata } = await kms.client(region).send(new CreateKeyCommand({}));
      expect(KeyMetadata?.Arn).toBe(`arn:${partition}:kms:${region}:111122223333:key/${KeyMetadata?.KeyId}`);
    }
    const gov = await mrk('us-gov-west-1');
    const replica = await kms
      .client('us-gov-west-1')
      .send(new ReplicateKeyCommand({ KeyId: gov.id, ReplicaRegion: 'us-gov-east-1' }));
    expect(replica.ReplicaKeyMetadata?.Arn).toBe(gov.arn.replace('us-gov-west-1', 'us-gov-east-1'));
    await expect(
      kms
        .client('us-gov-west-1')
        .send(new ReplicateKeyCommand({ KeyId: gov.id, ReplicaRegion: 'us-east-1' })),
    ).rejects.toMatchObject({ name: 'UnsupportedOperationException' });
    await expect(
      kms.client('cn-north-1').send(new CreateKeyCommand({ MultiRegion: true })),
    ).rejects.toMatchObject({
      name: 'UnsupportedOperationException',
    });
  });
});

describe('EnableKey / DisableKey / UpdateKeyDescription', () => {
  it('disables and enables one member only, idempotently, and records events', async () => {
    const key = await mrk();
    await east().send(new ReplicateKeyCommand({ KeyId: key.id, ReplicaRegion: 'eu-west-1' }));
    await west().send(new DisableKeyCommand({ KeyId: key.id }));
    await west().send(new DisableKeyCommand({ KeyId: key.id }));
    const replica = (await west().send(new DescribeKeyCommand({ KeyId: key.id }))).KeyMetadata;
    expect(replica).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect((await east().send(new DescribeKeyCommand({ KeyId: key.id }))).KeyMetadata?.KeyState).toBe(
      'Enabled',
    );
    await west().send(new EnableKeyCommand({ KeyId: replica?.Arn }));
    await west().send(new EnableKeyCommand({ KeyId: key.id }));
    expect((await west().send(new DescribeKeyCommand({ KeyId: key.id }))).KeyMetadata).toMatchObject({
      KeyState: 'Enabled',
      Enabled: true,
    });
    const { body } = await kms.admin('/_emulator/events?region=eu-west-1');
    const names = (body as { events: Array<{ eventName: string; resources: Array<{ ARN: string }> }> }).events
      .filter((event) => event.resources.some((resource) => resource.ARN === replica?.Arn))
      .map((event) => event.eventName);
    expect(names.filter((name) => name === 'DisableKey')).toHaveLength(2);
    expect(names.filter((name) => name === 'EnableKey')).toHaveLength(2);
  });

  it('takes key ids and ARNs only, and validates', async () => {
    const key = await mrk();
    await expect(east().send(new DisableKeyCommand({ KeyId: 'alias/any' }))).rejects.toMatchObject({
      name: 'NotFoundException',
      message: "Invalid keyId 'alias/any'",
    });
    const missing = await rawKms(kms.endpoint, 'EnableKey', {});
    expect(missing.json?.message).toBe(
      "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
    );
    const empty = await rawKms(kms.endpoint, 'DisableKey', { KeyId: '' });
    expect(empty.json?.message).toMatch(
      /at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1$/,
    );
    const noDescription = await rawKms(kms.endpoint, 'UpdateKeyDescription', { KeyId: key.id });
    expect(noDescription.json?.message).toMatch(/Value null at 'description'/);
  });

  it('updates the description of one Region’s member only', async () => {
    const key = await mrk();
    await east().send(
      new ReplicateKeyCommand({ KeyId: key.id, ReplicaRegion: 'eu-west-1', Description: 'replica' }),
    );
    await east().send(new UpdateKeyDescriptionCommand({ KeyId: key.id, Description: 'primary' }));
    expect((await east().send(new DescribeKeyCommand({ KeyId: key.id }))).KeyMetadata?.Description).toBe(
      'primary',
    );
    expect((await west().send(new DescribeKeyCommand({ KeyId: key.id }))).KeyMetadata?.Description).toBe(
      'replica',
    );
    await east().send(new UpdateKeyDescriptionCommand({ KeyId: key.id, Description: '' }));
    expect((await east().send(new DescribeKeyCommand({ KeyId: key.id }))).KeyMetadata?.Description).toBe('');
  });
});

describe('ReplicateKey errors', () => {
  it('refuses a replica as source, naming it, before the Region checks', async () => {
    const key = await mrk();
    await east().send(new ReplicateKeyCommand({ KeyId: key.id, ReplicaRegion: 'eu-west-1' }));
    const replicaArn = key.arn.replace('us-east-1', 'eu-west-1');
    await expect(
      west().send(new ReplicateKeyCommand({ KeyId: key.id, ReplicaRegion: 'eu-west-1' })),
    ).rejects.toMatchObject({
      name: 'UnsupportedOperationException',
      message: `${replicaArn} is not a multi-region primary key.`,
    });
    await expect(
      east().send(new ReplicateKeyCommand({ KeyId: key.id, ReplicaRegion: 'eu-west-1' })),
    ).rejects.toMatchObject({
      name: 'AlreadyExistsException',
    });
  });

  it('refuses single-Region keys, bad Region names and a disabled primary', async () => {
    const single = (await east().send(new CreateKeyCommand({}))).KeyMetadata?.KeyId;
    await expect(
      east().send(new ReplicateKeyCommand({ KeyId: single, ReplicaRegion: 'eu-west-1' })),
    ).rejects.toMatchObject({
      name: 'UnsupportedOperationException',
    });
    const key = await mrk();
    const bad = await rawKms(kms.endpoint, 'ReplicateKey', { KeyId: key.id, ReplicaRegion: 'EU_WEST' });
    expect(bad.json?.message).toBe(
      "1 validation error detected: Value 'EU_WEST' at 'replicaRegion' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([a-z]+-){2,3}\\d+$",
    );
    await east().send(new DisableKeyCommand({ KeyId: key.id }));
    await expect(
      east().send(new ReplicateKeyCommand({ KeyId: key.id, ReplicaRegion: 'eu-west-2' })),
    ).rejects.toMatchObject({
      name: 'DisabledException',
      message: `${key.arn} is disabled.`,
    });
  });
});
