// CloudTrail-shaped events per Region (KMS-MRK-SPEC section 14), kept in memory for
// GET /_emulator/events: the control plane reconciles its audit trail against them.
import { randomUUID } from 'node:crypto';

export interface TrailEvent {
  eventId: string;
  eventTime: string;
  eventName: string;
  eventSource: 'kms.amazonaws.com';
  awsRegion: string;
  recipientAccountId: string;
  requestID: string;
  readOnly: boolean;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  resources: { ARN: string; type: 'AWS::KMS::Key' }[];
  userIdentity: { type: string; invokedBy?: string };
}

const MAX_EVENTS_PER_REGION = 100_000;

export class EventLog {
  private byRegion = new Map<string, TrailEvent[]>();

  add(event: Omit<TrailEvent, 'eventId' | 'eventSource'>): void {
    let events = this.byRegion.get(event.awsRegion);
    if (!events) {
      events = [];
      this.byRegion.set(event.awsRegion, events);
    }
    events.push({ eventId: randomUUID(), eventSource: 'kms.amazonaws.com', ...event });
    if (events.length > MAX_EVENTS_PER_REGION) events.splice(0, events.length - MAX_EVENTS_PER_REGION);
  }

  /** Events of one Region (or all), at or after `sinceMs`, oldest first. */
  query(region: string | undefined, sinceMs = 0): TrailEvent[] {
    const events = region ? (this.byRegion.get(region) ?? []) : [...this.byRegion.values()].flat();
    return events
      .filter((event) => Date.parse(event.eventTime) >= sinceMs)
      .sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  }

  clear(): void {
    this.byRegion.clear();
  }
}
