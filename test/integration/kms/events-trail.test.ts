import {
  CreateKeyCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  ReplicateKeyCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, DAY_SECONDS, type KmsFixture, startKms } from '../../helpers/kms.js';

interface Event {
  eventName: string;
  eventTime: string;
  awsRegion: string;
  readOnly: boolean;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  resources: { ARN: string }[];
  userIdentity: { type: string; invokedBy?: string };
}

let kms: KmsFixture;
beforeAll(async () => {
  kms = await startKms();
});
afterAll(() => kms.close());

async function events(region: string, since?: string): Promise<Event[]> {
  const query = `region=${region}${since ? `&since=${encodeURIComponent(since)}` : ''}`;
  return ((await kms.admin(`/_emulator/events?${query}`)).body as { events: Event[] }).events;
}

async function now(): Promise<string> {
  return ((await kms.admin('/_emulator/health')).body as { time: string }).time;
}

describe('CloudTrail-shaped events', () => {
  it('records the paired and synchronisation events of the MRK lifecycle in the right Regions', async () => {
    const start = await now();
    const east = kms.client('us-east-1');
    const west = kms.client('eu-west-1');
    const { KeyMetadata } = await east.send(new CreateKeyCommand({ MultiRegion: true }));
    const keyId = KeyMetadata?.KeyId as string;
    const eastArn = KeyMetadata?.Arn as string;
    const westArn = eastArn.replace('us-east-1', 'eu-west-1');
    await east.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' }));
    await east.send(new EnableKeyRotationCommand({ KeyId: keyId }));
    await east.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    await east.send(new UpdatePrimaryRegionCommand({ KeyId: keyId, PrimaryRegion: 'eu-west-1' }));
    await west.send(new DescribeKeyCommand({ KeyId: keyId })); // lets the switch settle

    const eastNames = (await events('us-east-1', start)).map((event) => event.eventName);
    expect(eastNames).toEqual([
      'CreateKey',
      'ReplicateKey',
      'EnableKeyRotation',
      'SynchronizeMultiRegionKey',
      'RotateKeyOnDemand',
      'SynchronizeMultiRegionKey',
      'UpdatePrimaryRegion',
    ]);
    const westEvents = await events('eu-west-1', start);
    expect(westEvents.map((event) => event.eventName)).toEqual([
      'CreateKey',
      'UpdatePrimaryRegion',
      'SynchronizeMultiRegionKey',
    ]);
    const [eastUpdate] = (await events('us-east-1', start)).filter(
      (event) => event.eventName === 'UpdatePrimaryRegion',
    );
    const westUpdate = westEvents[1] as Event;
    for (const update of [eastUpdate, westUpdate]) {
      expect(update).toMatchObject({
        readOnly: false,
        requestParameters: { primaryRegion: 'eu-west-1' },
        responseElements: null,
      });
    }
    expect(westUpdate.userIdentity.invokedBy).toBe('kms.amazonaws.com');
    const sync = westEvents[2] as Event;
    expect(sync).toMatchObject({
      awsRegion: 'eu-west-1',
      requestParameters: null,
      responseElements: null,
      resources: [{ ARN: westArn }],
      userIdentity: { invokedBy: 'AWS Internal' },
    });

    // Deleting the old primary (now a replica) ends with DeleteKey there and a sync in the primary's Region.
    await east.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    const beforeDeletion = await now();
    await advanceClock(kms, 7 * DAY_SECONDS + 5);
    const deleted = (await events('us-east-1', beforeDeletion)).filter(
      (event) => event.eventName === 'DeleteKey',
    );
    expect(deleted).toHaveLength(1);
    expect(deleted[0]?.resources).toMatchObject([{ ARN: eastArn }]);
    const deletedAt = Date.parse(deleted[0]?.eventTime as string) - Date.parse(beforeDeletion);
    expect(Math.abs(deletedAt - 7 * DAY_SECONDS * 1000)).toBeLessThan(5000);
    expect((await events('eu-west-1', beforeDeletion)).map((event) => event.eventName)).toEqual([
      'SynchronizeMultiRegionKey',
    ]);
  });

  it('leaves read-only calls out by default and logs them (without blobs) when asked', async () => {
    const quiet = kms.client('ca-central-1');
    const { KeyMetadata } = await quiet.send(new CreateKeyCommand({}));
    await quiet.send(new DescribeKeyCommand({ KeyId: KeyMetadata?.KeyId }));
    expect((await events('ca-central-1')).map((event) => event.eventName)).toEqual(['CreateKey']);

    const loud = await startKms({ recordReadOnlyEvents: true });
    try {
      const client = loud.client('us-east-1');
      const { KeyMetadata: key } = await client.send(new CreateKeyCommand({}));
      await client.send(new DescribeKeyCommand({ KeyId: key?.KeyId }));
      await client.send(new EncryptCommand({ KeyId: key?.KeyId, Plaintext: Buffer.from('secret') }));
      const logged = ((await loud.admin('/_emulator/events?region=us-east-1')).body as { events: Event[] })
        .events;
      expect(logged.map((event) => [event.eventName, event.readOnly])).toEqual([
        ['CreateKey', false],
        ['DescribeKey', true],
        ['Encrypt', true],
      ]);
      expect(logged[2]?.requestParameters).toEqual({ keyId: key?.KeyId });
    } finally {
      await loud.close();
    }
  });
});
