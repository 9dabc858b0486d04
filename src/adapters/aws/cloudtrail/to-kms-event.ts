// A CloudTrail LookupEvents event (SDK shape) -> the domain's KmsEvent; the details come from the
// CloudTrailEvent JSON document, which carries userIdentity, resources and requestParameters.
import type { Event } from '@aws-sdk/client-cloudtrail';
import type { KmsEvent } from '../../../core/ports/kms-event-log.js';

interface TrailDocument {
  eventID?: string;
  eventName?: string;
  eventTime?: string;
  awsRegion?: string;
  readOnly?: boolean;
  requestID?: string;
  userIdentity?: { type?: string; arn?: string; invokedBy?: string };
  requestParameters?: Record<string, unknown> | null;
  resources?: { ARN?: string }[];
}

const KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const KEY_ARN = /:key\/([^/]+)$/;

/** Undefined for an event without a name or time (nothing to reconcile). */
export function toKmsEvent(event: Event, region: string): KmsEvent | undefined {
  const doc = parseDocument(event.CloudTrailEvent);
  const eventName = event.EventName ?? doc.eventName;
  const time = event.EventTime?.toISOString() ?? doc.eventTime;
  if (eventName === undefined || time === undefined) return undefined;
  const candidates = [
    ...(doc.resources ?? []).map((resource) => resource.ARN),
    ...(event.Resources ?? []).map((resource) => resource.ResourceName),
    doc.requestParameters?.keyId,
    doc.requestParameters?.targetKeyId,
  ];
  const keyIds = [...new Set(candidates.flatMap((value) => keyIdOf(value)))];
  const identity = doc.userIdentity ?? {};
  return {
    eventId: event.EventId ?? doc.eventID ?? `${time}/${eventName}`,
    eventName,
    eventTime: doc.eventTime ?? time,
    region: doc.awsRegion ?? region,
    keyIds,
    readOnly: event.ReadOnly === undefined ? doc.readOnly === true : event.ReadOnly === 'true',
    identityType: identity.type ?? 'Unknown',
    ...(identity.arn !== undefined && { principalArn: identity.arn }),
    ...(identity.invokedBy !== undefined && { invokedBy: identity.invokedBy }),
    ...(doc.requestID !== undefined && { requestId: doc.requestID }),
    ...(doc.requestParameters && { requestParameters: doc.requestParameters }),
  };
}

function keyIdOf(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  if (KEY_ID.test(value)) return [value];
  const match = KEY_ARN.exec(value);
  return match?.[1] !== undefined && KEY_ID.test(match[1]) ? [match[1]] : [];
}

function parseDocument(text: string | undefined): TrailDocument {
  if (text === undefined) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as TrailDocument) : {};
  } catch {
    return {};
  }
}
