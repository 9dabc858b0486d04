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
  /** Events added since persistence last took them; undefined unless persistence asks. */
  unsaved: TrailEvent[] | undefined;

  add(event: Omit<TrailEvent, 'eventId' | 'eventSource'>): void {
    this.push({ eventId: randomUUID(), eventSource: 'kms.amazonaws.com', ...event });
  }

  /** Restores saved events (persistence loading). */
  load(events: readonly TrailEvent[]): void {
    this.byRegion.clear();
    for (const event of events) this.append(event);
  }

  /** The newest `perRegion` events of every Region, oldest first per Region (for snapshots). */
  recent(perRegion: number): TrailEvent[] {
    return [...this.byRegion.values()].flatMap((events) => events.slice(-perRegion));
  }

  /** Hands over (and forgets) the events added since the last call. */
  takeUnsaved(): TrailEvent[] {
    const taken = this.unsaved ?? [];
    if (this.unsaved) this.unsaved = [];
    return taken;
  }

  private push(event: TrailEvent): void {
    this.append(event);
    if (!this.unsaved) return;
    this.unsaved.push(event);
    if (this.unsaved.length > MAX_EVENTS_PER_REGION)
      this.unsaved.splice(0, this.unsaved.length - MAX_EVENTS_PER_REGION);
  }

  private append(event: TrailEvent): void {
    let events = this.byRegion.get(event.awsRegion);
    if (!events) {
      events = [];
      this.byRegion.set(event.awsRegion, events);
    }
    events.push(event);
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
