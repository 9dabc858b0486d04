import {
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  ListAliasesCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsFixture, mrkWithReplica, rawKms, startKms } from '../../helpers/kms.js';

let kms: KmsFixture;
let mrk: string;
let other: string;
let hmac: string;
const east = () => kms.client('us-east-1');
const west = () => kms.client('eu-west-1');
const ACCOUNT = '111122223333';

beforeAll(async () => {
  kms = await startKms();
  mrk = (await mrkWithReplica(kms)).keyId;
  other = (await east().send(new CreateKeyCommand({}))).KeyMetadata?.KeyId as string;
  hmac = (await east().send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })))
    .KeyMetadata?.KeyId as string;
});
afterAll(() => kms.close());

describe('alias validation', () => {
  it('needs the alias/ prefix, AWS wording', async () => {
    await expect(
      east().send(new CreateAliasCommand({ AliasName: 'nope', TargetKeyId: mrk })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    });
  });

  it('checks the pattern and length before anything else', async () => {
    const bad = await rawKms(kms.endpoint, 'CreateAlias', { AliasName: 'alias/has space', TargetKeyId: mrk });
    expect(bad.json?.message).toBe(
      "1 validation error detected: Value 'alias/has space' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
    );
    const long = await rawKms(kms.endpoint, 'CreateAlias', {
      AliasName: `alias/${'a'.repeat(251)}`,
      TargetKeyId: mrk,
    });
    expect(long.json?.message).toMatch(
      /at 'aliasName' failed to satisfy constraint: Member must have length less than or equal to 256$/,
    );
  });

  it('refuses reserved names, aliases as targets, duplicates and unknown aliases', async () => {
    await expect(
      east().send(new CreateAliasCommand({ AliasName: 'alias/aws/s3', TargetKeyId: mrk })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    await east().send(new CreateAliasCommand({ AliasName: 'alias/dup', TargetKeyId: mrk }));
    await expect(
      east().send(new CreateAliasCommand({ AliasName: 'alias/x', TargetKeyId: 'alias/dup' })),
    ).rejects.toMatchObject({
      name: 'NotFoundException',
      message: "Invalid keyId 'alias/dup'",
    });
    await expect(
      east().send(new CreateAliasCommand({ AliasName: 'alias/dup', TargetKeyId: other })),
    ).rejects.toMatchObject({
      name: 'AlreadyExistsException',
      message: `An alias with the name arn:aws:kms:us-east-1:${ACCOUNT}:alias/dup already exists`,
    });
    for (const command of [
      new DeleteAliasCommand({ AliasName: 'alias/ghost' }),
      new UpdateAliasCommand({ AliasName: 'alias/ghost', TargetKeyId: mrk }),
    ]) {
      await expect(east().send(command as DeleteAliasCommand)).rejects.toMatchObject({
        name: 'NotFoundException',
        message: `Alias arn:aws:kms:us-east-1:${ACCOUNT}:alias/ghost is not found.`,
      });
    }
  });

  it('UpdateAlias refuses a target of another type or usage', async () => {
    await east().send(new CreateAliasCommand({ AliasName: 'alias/typed', TargetKeyId: mrk }));
    await expect(
      east().send(new UpdateAliasCommand({ AliasName: 'alias/typed', TargetKeyId: hmac })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('alias behaviour', () => {
  it('is Regional: the same name points at each Region’s own member, and resolves only there', async () => {
    await east().send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: mrk }));
    await expect(west().send(new DescribeKeyCommand({ KeyId: 'alias/app' }))).rejects.toMatchObject({
      name: 'NotFoundException',
      message: `Alias arn:aws:kms:eu-west-1:${ACCOUNT}:alias/app is not found.`,
    });
    await west().send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: mrk }));
    const there = await west().send(
      new DescribeKeyCommand({ KeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/app` }),
    );
    expect(there.KeyMetadata?.Arn).toContain(':eu-west-1:');
  });

  it('lists with AliasArn, TargetKeyId and dates, filtered by key, paged by Limit and Marker', async () => {
    for (const n of [1, 2, 3])
      await east().send(new CreateAliasCommand({ AliasName: `alias/page-${n}`, TargetKeyId: other }));
    const all = await east().send(new ListAliasesCommand({ KeyId: other }));
    expect(all.Aliases?.map((alias) => alias.AliasName)).toEqual([
      'alias/page-1',
      'alias/page-2',
      'alias/page-3',
    ]);
    expect(all.Aliases?.[0]).toMatchObject({
      AliasArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/page-1`,
      TargetKeyId: other,
    });
    expect(all.Aliases?.[0]?.CreationDate).toBeInstanceOf(Date);
    expect(all.Truncated).toBe(false);
    const first = await east().send(new ListAliasesCommand({ KeyId: other, Limit: 2 }));
    expect(first).toMatchObject({ Truncated: true });
    const second = await east().send(
      new ListAliasesCommand({ KeyId: other, Limit: 2, Marker: first.NextMarker }),
    );
    expect(second.Aliases?.map((alias) => alias.AliasName)).toEqual(['alias/page-3']);
    expect(second.NextMarker).toBeUndefined();
    await expect(east().send(new ListAliasesCommand({ Marker: 'bogus' }))).rejects.toMatchObject({
      name: 'InvalidMarkerException',
    });
    const limit = await rawKms(kms.endpoint, 'ListAliases', { Limit: 101 });
    expect(limit.json?.message).toMatch(
      /at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100$/,
    );
  });

  it('UpdateAlias moves the alias; DeleteAlias removes it and leaves the key', async () => {
    await east().send(new CreateAliasCommand({ AliasName: 'alias/move', TargetKeyId: mrk }));
    await east().send(new UpdateAliasCommand({ AliasName: 'alias/move', TargetKeyId: other }));
    expect((await east().send(new DescribeKeyCommand({ KeyId: 'alias/move' }))).KeyMetadata?.KeyId).toBe(
      other,
    );
    await east().send(new DeleteAliasCommand({ AliasName: 'alias/move' }));
    await expect(east().send(new DescribeKeyCommand({ KeyId: 'alias/move' }))).rejects.toMatchObject({
      name: 'NotFoundException',
    });
    expect((await east().send(new DescribeKeyCommand({ KeyId: other }))).KeyMetadata?.KeyState).toBe(
      'Enabled',
    );
    const events = (await kms.admin('/_emulator/events?region=us-east-1')).body as {
      events: Array<{ eventName: string }>;
    };
    expect(events.events.map((event) => event.eventName)).toEqual(
      expect.arrayContaining(['CreateAlias', 'UpdateAlias', 'DeleteAlias']),
    );
  });
});
