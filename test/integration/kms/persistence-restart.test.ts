import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  type KMSClient,
  ListAliasesCommand,
  ListResourceTagsCommand,
  ReplicateKeyCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { afterEach, describe, expect, it } from 'vitest';
import { createKmsEmulator } from '../../../local/kms/index.js';
import { advanceClock, DAY_SECONDS, spawnKms, startKms } from '../../helpers/kms.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kms-persist-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes as Uint8Array).toString();

/** Builds a varied estate: an MRK set with a replica, alias, tags, rotation; a disabled key; a key pending deletion. */
async function populate(east: KMSClient, west: KMSClient) {
  const { KeyMetadata: mrk } = await east.send(
    new CreateKeyCommand({
      MultiRegion: true,
      Description: 'set',
      Tags: [{ TagKey: 'team', TagValue: 'payments' }],
    }),
  );
  const mrkId = mrk?.KeyId as string;
  const before = await east.send(
    new EncryptCommand({ KeyId: mrkId, Plaintext: Buffer.from('before rotation') }),
  );
  await east.send(new EnableKeyRotationCommand({ KeyId: mrkId, RotationPeriodInDays: 180 }));
  await east.send(new RotateKeyOnDemandCommand({ KeyId: mrkId }));
  await east.send(
    new ReplicateKeyCommand({ KeyId: mrkId, ReplicaRegion: 'eu-west-1', Description: 'replica' }),
  );
  await east.send(new CreateAliasCommand({ AliasName: 'alias/payments', TargetKeyId: mrkId }));
  await west.send(new CreateAliasCommand({ AliasName: 'alias/payments-eu', TargetKeyId: mrkId }));
  const after = await west.send(
    new EncryptCommand({ KeyId: 'alias/payments-eu', Plaintext: Buffer.from('after rotation') }),
  );
  const { KeyMetadata: disabled } = await east.send(new CreateKeyCommand({ Description: 'off' }));
  await east.send(new DisableKeyCommand({ KeyId: disabled?.KeyId }));
  const { KeyMetadata: doomed } = await east.send(new CreateKeyCommand({ Description: 'doomed' }));
  await east.send(new ScheduleKeyDeletionCommand({ KeyId: doomed?.KeyId, PendingWindowInDays: 7 }));
  const material = (await east.send(new DescribeKeyCommand({ KeyId: mrkId }))).KeyMetadata
    ?.CurrentKeyMaterialId;
  return {
    mrkId,
    disabledId: disabled?.KeyId as string,
    doomedId: doomed?.KeyId as string,
    before,
    after,
    material,
  };
}

async function verify(east: KMSClient, west: KMSClient, estate: Awaited<ReturnType<typeof populate>>) {
  const { KeyMetadata: mrk } = await east.send(new DescribeKeyCommand({ KeyId: estate.mrkId }));
  expect(mrk).toMatchObject({
    KeyState: 'Enabled',
    Description: 'set',
    CurrentKeyMaterialId: estate.material,
  });
  expect(mrk?.MultiRegionConfiguration?.ReplicaKeys?.map((replica) => replica.Region)).toEqual(['eu-west-1']);
  const { KeyMetadata: replica } = await west.send(new DescribeKeyCommand({ KeyId: 'alias/payments-eu' }));
  expect(replica).toMatchObject({
    KeyState: 'Enabled',
    Description: 'replica',
    CurrentKeyMaterialId: estate.material,
  });
  const tags = await east.send(new ListResourceTagsCommand({ KeyId: estate.mrkId }));
  expect(tags.Tags).toEqual([{ TagKey: 'team', TagValue: 'payments' }]);
  const aliases = await east.send(new ListAliasesCommand({ KeyId: estate.mrkId }));
  expect(aliases.Aliases?.map((alias) => alias.AliasName)).toEqual(['alias/payments']);
  const rotation = await west.send(new GetKeyRotationStatusCommand({ KeyId: estate.mrkId }));
  expect(rotation).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 180 });
  for (const client of [east, west]) {
    expect(
      text(
        (await client.send(new DecryptCommand({ CiphertextBlob: estate.before.CiphertextBlob }))).Plaintext,
      ),
    ).toBe('before rotation');
    expect(
      text(
        (await client.send(new DecryptCommand({ CiphertextBlob: estate.after.CiphertextBlob }))).Plaintext,
      ),
    ).toBe('after rotation');
  }
  expect((await east.send(new DescribeKeyCommand({ KeyId: estate.disabledId }))).KeyMetadata?.KeyState).toBe(
    'Disabled',
  );
  const { KeyMetadata: doomed } = await east.send(new DescribeKeyCommand({ KeyId: estate.doomedId }));
  expect(doomed?.KeyState).toBe('PendingDeletion');
  return doomed?.DeletionDate as Date;
}

describe('persistence (--data-dir)', () => {
  it('survives a kill -9 of the emulator process with every key, alias, tag, state and ciphertext intact', async () => {
    const dir = dataDir();
    const first = await spawnKms(['--data-dir', dir]);
    const estate = await populate(first.client('us-east-1'), first.client('eu-west-1'));
    const deletionBefore = (
      await first.client('us-east-1').send(new DescribeKeyCommand({ KeyId: estate.doomedId }))
    ).KeyMetadata?.DeletionDate;
    await first.kill();

    const second = await spawnKms(['--data-dir', dir]);
    try {
      const deletionAfter = await verify(second.client('us-east-1'), second.client('eu-west-1'), estate);
      expect(deletionAfter.getTime()).toBe(deletionBefore?.getTime());
    } finally {
      await second.kill();
    }
  });

  it('restarts in process, keeps the clock offset, ignores a torn last journal line, seals material at rest', async () => {
    const dir = dataDir();
    const first = await startKms({ dataDir: dir });
    const estate = await populate(first.client('us-east-1'), first.client('eu-west-1'));
    await advanceClock(first, 5 * DAY_SECONDS);
    const secrets = Object.values(first.emulator.store.snapshot().shared).flatMap((key) =>
      key.materials.map((material) => material.secret as string),
    );
    // A crash leaves the snapshot plus an uncompacted journal: copy the directory as it is now (every write
    // is synchronous), with a half-written entry at the end, and restart from the copy.
    const crashed = dataDir();
    cpSync(dir, crashed, { recursive: true });
    const journal = readdirSync(crashed).find((name) => name.startsWith('journal-')) as string;
    expect(readFileSync(join(crashed, journal), 'utf8').split('\n').length).toBeGreaterThan(5);
    appendFileSync(join(crashed, journal), '{"clock":{"virtualMs":1,"re');
    await first.close();
    for (const name of readdirSync(crashed)) {
      const content = readFileSync(join(crashed, name), 'utf8');
      for (const secret of secrets)
        expect(content.includes(secret), `${name} holds plaintext material`).toBe(false);
    }
    expect(readFileSync(join(crashed, 'root.key')).length).toBe(32);

    const second = await startKms({ dataDir: crashed });
    try {
      await verify(second.client('us-east-1'), second.client('eu-west-1'), estate);
      // 5 of the 7 days passed before the restart: 2 more end the window.
      await advanceClock(second, 2 * DAY_SECONDS + 60);
      await expect(
        second.client('us-east-1').send(new DescribeKeyCommand({ KeyId: estate.doomedId })),
      ).rejects.toMatchObject({ name: 'NotFoundException' });
    } finally {
      await second.close();
    }
  });

  it('refuses to start without the root key that sealed the saved material', async () => {
    const dir = dataDir();
    const first = await startKms({ dataDir: dir });
    await first.client('us-east-1').send(new CreateKeyCommand({}));
    await first.close();
    rmSync(join(dir, 'root.key'));
    expect(() => createKmsEmulator({ dataDir: dir })).toThrow(/root\.key is missing/);
    writeFileSync(join(dir, 'root.key'), Buffer.alloc(32, 1), { mode: 0o600 });
    expect(() => createKmsEmulator({ dataDir: dir })).toThrow(/does not open/);
  });

  it('refuses a data directory another emulator holds', async () => {
    const dir = dataDir();
    const first = await startKms({ dataDir: dir });
    try {
      expect(() => createKmsEmulator({ dataDir: dir })).toThrow(/already open/);
    } finally {
      await first.close();
    }
  });

  it('persists a transition a request settled even when that request then fails (injected fault)', async () => {
    const dir = dataDir();
    const first = await startKms({ dataDir: dir });
    const east = first.client('us-east-1');
    const { KeyMetadata: key } = await east.send(new CreateKeyCommand({}));
    await east.send(new EnableKeyRotationCommand({ KeyId: key?.KeyId, RotationPeriodInDays: 90 }));
    // The rotation falls due without the admin endpoint settling it: the next request settles it, then
    // fails on a fault; the Encrypt after it (read-only, nothing left to settle) uses the new material.
    first.emulator.clock.advance(91 * DAY_SECONDS * 1000);
    first.emulator.faults.add({ error: 'KMSInternalException', count: 1 });
    await expect(east.send(new DescribeKeyCommand({ KeyId: key?.KeyId }))).rejects.toMatchObject({
      name: 'KMSInternalException',
    });
    const sealed = await east.send(new EncryptCommand({ KeyId: key?.KeyId, Plaintext: Buffer.from('new') }));
    const crashed = dataDir();
    cpSync(dir, crashed, { recursive: true });
    await first.close();

    const second = await startKms({ dataDir: crashed });
    try {
      const opened = await second
        .client('us-east-1')
        .send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }));
      expect(text(opened.Plaintext)).toBe('new');
    } finally {
      await second.close();
    }
  });
});
