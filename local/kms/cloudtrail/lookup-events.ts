// CloudTrail LookupEvents over the emulator's event log: the request checks, filters, paging and the
// event shape of the CloudTrail API reference (LookupEvents), so the production adapter runs unchanged.
import { createHash } from 'node:crypto';
import type { TrailEvent } from '../events.js';
import { KmsError } from '../protocol/errors.js';

const ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;
type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

/** CloudTrail keeps management events for 90 days: the default start of a lookup. */
const RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

export interface LookupInput {
  LookupAttributes?: { AttributeKey?: unknown; AttributeValue?: unknown }[];
  StartTime?: unknown;
  EndTime?: unknown;
  EventCategory?: unknown;
  MaxResults?: unknown;
  NextToken?: unknown;
}

const invalid = (type: string, message: string) => new KmsError(type, message);

/** `events` are one Region's, oldest first; `nowMs` is the emulator clock. */
export function lookupEvents(
  events: readonly TrailEvent[],
  input: LookupInput,
  nowMs: number,
): { Events: Record<string, unknown>[]; NextToken?: string } {
  const end = timeOf(input.EndTime, 'EndTime') ?? nowMs;
  const start = timeOf(input.StartTime, 'StartTime') ?? nowMs - RETENTION_MS;
  if (start > end) throw invalid('InvalidTimeRangeException', 'Start time must be before end time.');
  const max = input.MaxResults ?? 50;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 50) {
    throw invalid('InvalidMaxResultsException', 'MaxResults must be an integer from 1 to 50.');
  }
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight') {
    throw invalid('InvalidEventCategoryException', 'EventCategory must be insight.');
  }
  const filter = attributeFilter(input.LookupAttributes);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([start, end, input.LookupAttributes ?? null, input.EventCategory ?? null]))
    .digest('hex')
    .slice(0, 16);
  const offset = offsetOf(input.NextToken, fingerprint);
  // Insight events are never recorded here: an insight lookup finds nothing (deliberate difference).
  const matching =
    input.EventCategory === 'insight'
      ? []
      : events
          .filter((event) => {
            const at = Date.parse(event.eventTime);
            return at >= start && at <= end && filter(event);
          })
          .reverse();
  const page = matching.slice(offset, offset + max);
  const next = offset + max < matching.length ? tokenOf(offset + max, fingerprint) : undefined;
  return { Events: page.map(toLookupEvent), ...(next !== undefined && { NextToken: next }) };
}

function timeOf(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  throw new KmsError('SerializationException', `${field} must be a timestamp.`);
}

function attributeFilter(attributes: LookupInput['LookupAttributes']): (event: TrailEvent) => boolean {
  if (attributes === undefined || attributes.length === 0) return () => true;
  if (!Array.isArray(attributes) || attributes.length > 1) {
    throw invalid('InvalidLookupAttributesException', 'You can specify only one lookup attribute.');
  }
  const [attribute] = attributes as [{ AttributeKey?: unknown; AttributeValue?: unknown }];
  const key = attribute.AttributeKey;
  const value = attribute.AttributeValue;
  if (!ATTRIBUTE_KEYS.includes(key as AttributeKey) || typeof value !== 'string' || value.length === 0) {
    throw invalid(
      'InvalidLookupAttributesException',
      `AttributeKey must be one of ${ATTRIBUTE_KEYS.join(', ')} with a non-empty AttributeValue.`,
    );
  }
  return (event) => valuesOf(event, key as AttributeKey).includes(value);
}

function valuesOf(event: TrailEvent, key: AttributeKey): string[] {
  switch (key) {
    case 'EventId':
      return [event.eventId];
    case 'EventName':
      return [event.eventName];
    case 'ReadOnly':
      return [String(event.readOnly)];
    case 'EventSource':
      return [event.eventSource];
    case 'ResourceType':
      return event.resources.map((resource) => resource.type);
    case 'ResourceName':
      return event.resources.map((resource) => resource.ARN);
    default:
      // The emulator knows no user names or access keys.
      return [];
  }
}

function tokenOf(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString('base64url');
}

function offsetOf(token: unknown, fingerprint: string): number {
  if (token === undefined || token === null) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as {
      o?: unknown;
      f?: unknown;
    };
    if (
      parsed.f === fingerprint &&
      typeof parsed.o === 'number' &&
      Number.isInteger(parsed.o) &&
      parsed.o >= 0
    ) {
      return parsed.o;
    }
  } catch {
    // Falls through to the error below.
  }
  throw invalid('InvalidNextTokenException', 'Invalid NextToken: it does not belong to this lookup.');
}

/** The LookupEvents shape: summary fields plus the whole CloudTrail record as a JSON string. */
function toLookupEvent(event: TrailEvent): Record<string, unknown> {
  const service = event.userIdentity.type === 'AWSService';
  const record = {
    eventVersion: '1.08',
    userIdentity: event.userIdentity,
    eventTime: event.eventTime,
    eventSource: event.eventSource,
    eventName: event.eventName,
    awsRegion: event.awsRegion,
    sourceIPAddress: service ? 'AWS Internal' : '127.0.0.1',
    requestParameters: event.requestParameters,
    responseElements: event.responseElements,
    requestID: event.requestID,
    eventID: event.eventId,
    readOnly: event.readOnly,
    resources: event.resources.map((resource) => ({
      accountId: event.recipientAccountId,
      type: resource.type,
      ARN: resource.ARN,
    })),
    eventType: service ? 'AwsServiceEvent' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: event.recipientAccountId,
    eventCategory: 'Management',
  };
  return {
    EventId: event.eventId,
    EventName: event.eventName,
    ReadOnly: String(event.readOnly),
    EventTime: Date.parse(event.eventTime) / 1000,
    EventSource: event.eventSource,
    Resources: event.resources.map((resource) => ({
      ResourceType: resource.type,
      ResourceName: resource.ARN,
    })),
    CloudTrailEvent: JSON.stringify(record),
  };
}
