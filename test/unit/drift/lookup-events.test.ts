import { describe, expect, it } from 'vitest';
import { lookupEvents } from '../../../local/kms/cloudtrail/lookup-events.js';
import type { TrailEvent } from '../../../local/kms/events.js';

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef';

function trailEvent(index: number, eventName = 'TagResource'): TrailEvent {
  return {
    eventId: `e-${index}`,
    eventTime: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
    eventName,
    eventSource: 'kms.amazonaws.com',
    awsRegion: 'us-east-1',
    recipientAccountId: '111122223333',
    requestID: `r-${index}`,
    readOnly: false,
    requestParameters: { keyId: KEY_ARN },
    responseElements: null,
    resources: [{ ARN: KEY_ARN, type: 'AWS::KMS::Key' }],
    userIdentity: { type: 'IAMUser' },
  };
}

const events = Array.from({ length: 7 }, (_, index) =>
  trailEvent(index, index === 3 ? 'DisableKey' : 'TagResource'),
);
const NOW = Date.UTC(2026, 0, 2);
const at = (minute: number) => Date.UTC(2026, 0, 1, 0, minute) / 1000;

describe('emulated CloudTrail LookupEvents', () => {
  it('answers newest first in pages, within the window, with the whole record as CloudTrailEvent', () => {
    const first = lookupEvents(events, { StartTime: at(1), EndTime: at(5), MaxResults: 3 }, NOW);
    expect(first.Events.map((event) => event.EventId)).toEqual(['e-5', 'e-4', 'e-3']);
    const second = lookupEvents(
      events,
      { StartTime: at(1), EndTime: at(5), MaxResults: 3, NextToken: first.NextToken },
      NOW,
    );
    expect(second.Events.map((event) => event.EventId)).toEqual(['e-2', 'e-1']);
    expect(second.NextToken).toBeUndefined();
    const record = JSON.parse(String(first.Events[0]?.CloudTrailEvent)) as Record<string, unknown>;
    expect(record).toMatchObject({
      eventID: 'e-5',
      eventSource: 'kms.amazonaws.com',
      eventType: 'AwsApiCall',
      resources: [{ ARN: KEY_ARN }],
    });
    expect(first.Events[0]).toMatchObject({
      ReadOnly: 'false',
      EventTime: at(5),
      Resources: [{ ResourceName: KEY_ARN }],
    });
  });

  it('filters by one lookup attribute', () => {
    const found = lookupEvents(
      events,
      { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'DisableKey' }] },
      NOW,
    );
    expect(found.Events.map((event) => event.EventId)).toEqual(['e-3']);
    expect(
      lookupEvents(
        events,
        { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'kms.amazonaws.com' }] },
        NOW,
      ).Events,
    ).toHaveLength(7);
  });

  it('rejects bad requests with CloudTrail error types', () => {
    const type = (input: Record<string, unknown>) => {
      try {
        lookupEvents(events, input, NOW);
        return 'none';
      } catch (error) {
        return (error as { type: string }).type;
      }
    };
    expect(type({ StartTime: at(5), EndTime: at(1) })).toBe('InvalidTimeRangeException');
    expect(type({ MaxResults: 51 })).toBe('InvalidMaxResultsException');
    expect(type({ LookupAttributes: [{ AttributeKey: 'Nope', AttributeValue: 'x' }] })).toBe(
      'InvalidLookupAttributesException',
    );
    expect(
      type({
        LookupAttributes: [
          { AttributeKey: 'EventName', AttributeValue: 'a' },
          { AttributeKey: 'EventName', AttributeValue: 'b' },
        ],
      }),
    ).toBe('InvalidLookupAttributesException');
    expect(type({ NextToken: 'forged' })).toBe('InvalidNextTokenException');
    expect(type({ EventCategory: 'data' })).toBe('InvalidEventCategoryException');
    expect(type({ StartTime: 'yesterday' })).toBe('SerializationException');
  });
});
