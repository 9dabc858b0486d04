import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudTrailKmsEventLog } from '../../../src/adapters/aws/cloudtrail/cloudtrail-kms-event-log.js';
import { toKmsEvent } from '../../../src/adapters/aws/cloudtrail/to-kms-event.js';

const KEY = 'mrk-0123456789abcdef0123456789abcdef';
const ARN = `arn:aws:kms:eu-west-1:111122223333:key/${KEY}`;
const cloudTrail = mockClient(CloudTrailClient);
afterEach(() => cloudTrail.reset());

function event(name: string, time: string, doc: Record<string, unknown> = {}) {
  return {
    EventId: `${name}-${time}`,
    EventName: name,
    EventTime: new Date(time),
    ReadOnly: 'false',
    Resources: [{ ResourceType: 'AWS::KMS::Key', ResourceName: ARN }],
    CloudTrailEvent: JSON.stringify({
      eventTime: time,
      awsRegion: 'eu-west-1',
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/ops/x' },
      ...doc,
    }),
  };
}

describe('CloudTrailKmsEventLog', () => {
  it('reads every page of KMS events in the window and hands them oldest first', async () => {
    cloudTrail
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: [event('TagResource', '2026-01-01T00:02:00Z')], NextToken: 't1' })
      .resolvesOnce({ Events: [event('DisableKey', '2026-01-01T00:01:00Z')] });
    const log = new CloudTrailKmsEventLog({ perSecond: 1000 });
    const events = await log.lookupEvents('eu-west-1', {
      startTime: '2026-01-01T00:00:00Z',
      endTime: '2026-01-01T01:00:00Z',
    });
    expect(events.map((item) => item.eventName)).toEqual(['DisableKey', 'TagResource']);
    expect(events[0]).toMatchObject({
      keyIds: [KEY],
      region: 'eu-west-1',
      identityType: 'AssumedRole',
      principalArn: 'arn:aws:sts::1:assumed-role/ops/x',
      readOnly: false,
    });
    const calls = cloudTrail.commandCalls(LookupEventsCommand);
    expect(calls[0]?.args[0].input).toMatchObject({
      LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'kms.amazonaws.com' }],
      MaxResults: 50,
    });
    expect(calls[1]?.args[0].input.NextToken).toBe('t1');
    log.destroy();
  });

  it('maps throttling and bad windows to domain errors, and checks the window before calling', async () => {
    const log = new CloudTrailKmsEventLog({ perSecond: 1000 });
    await expect(
      log.lookupEvents('eu-west-1', { startTime: '2026-01-02T00:00:00Z', endTime: '2026-01-01T00:00:00Z' }),
    ).rejects.toMatchObject({ code: 'ValidationError' });
    expect(cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(0);
    cloudTrail
      .on(LookupEventsCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(
      log.lookupEvents('eu-west-1', { startTime: '2026-01-01T00:00:00Z', endTime: '2026-01-01T01:00:00Z' }),
    ).rejects.toMatchObject({ code: 'Throttled' });
    log.destroy();
  });
});

describe('toKmsEvent', () => {
  it('finds key ids in resources and parameters, and marks KMS own events', () => {
    const parsed = toKmsEvent(
      {
        EventName: 'UpdatePrimaryRegion',
        EventTime: new Date('2026-01-01T00:00:00Z'),
        CloudTrailEvent: JSON.stringify({
          userIdentity: { type: 'AWSService', invokedBy: 'kms.amazonaws.com' },
          requestParameters: { keyId: 'alias/x', targetKeyId: KEY },
        }),
      },
      'us-east-1',
    );
    expect(parsed).toMatchObject({ keyIds: [KEY], invokedBy: 'kms.amazonaws.com', region: 'us-east-1' });
    expect(toKmsEvent({ CloudTrailEvent: 'not json' }, 'us-east-1')).toBeUndefined();
  });
});
