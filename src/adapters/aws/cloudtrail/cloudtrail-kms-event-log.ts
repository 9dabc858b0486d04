// CloudTrailKmsEventLog: the KmsEventLog port over CloudTrail LookupEvents (kms.amazonaws.com events),
// one client per Region, paced under the LookupEvents quota (2 per second per account and Region).
import {
  CloudTrailClient,
  type CloudTrailClientConfig,
  LookupEventsCommand,
} from '@aws-sdk/client-cloudtrail';
import { DependencyError, ThrottledError, ValidationError } from '../../../core/errors.js';
import type { KmsEvent, KmsEventLog, KmsEventQuery } from '../../../core/ports/kms-event-log.js';
import { KmsRateLimiter } from '../kms/kms-rate-limiter.js';
import { toKmsEvent } from './to-kms-event.js';

export interface CloudTrailKmsEventLogOptions {
  /** Endpoint override (locally the KMS emulator answers LookupEvents on its own port). */
  readonly endpoint?: string | undefined;
  readonly credentials?: CloudTrailClientConfig['credentials'];
  /** LookupEvents calls per second per Region (AWS quota: 2). */
  readonly perSecond?: number;
  /** Stop after this many pages per Region and window (50 events a page), so one bad hour cannot run for ever. */
  readonly maxPages?: number;
}

const INVALID = new Set([
  'InvalidLookupAttributesException',
  'InvalidTimeRangeException',
  'InvalidMaxResultsException',
  'InvalidNextTokenException',
  'InvalidEventCategoryException',
]);

export class CloudTrailKmsEventLog implements KmsEventLog {
  readonly #clients = new Map<string, CloudTrailClient>();
  readonly #options: CloudTrailKmsEventLogOptions;
  readonly #limiter: KmsRateLimiter;

  constructor(options: CloudTrailKmsEventLogOptions = {}) {
    this.#options = options;
    this.#limiter = new KmsRateLimiter({ fraction: 1, quotas: { LookupEvents: options.perSecond ?? 2 } });
  }

  async lookupEvents(region: string, query: KmsEventQuery): Promise<readonly KmsEvent[]> {
    const start = new Date(query.startTime);
    const end = new Date(query.endTime);
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start > end) {
      throw new ValidationError(`Invalid event window ${query.startTime} .. ${query.endTime}`);
    }
    const events: KmsEvent[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      await this.#limiter.acquire(region, 'LookupEvents');
      const output = await this.#send(region, token, start, end);
      for (const event of output.Events ?? []) {
        const parsed = toKmsEvent(event, region);
        if (parsed !== undefined) events.push(parsed);
      }
      token = output.NextToken;
      pages += 1;
    } while (token !== undefined && pages < (this.#options.maxPages ?? 2_000));
    // CloudTrail answers newest first; the port promises oldest first.
    return events.sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0));
  }

  destroy(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }

  async #send(region: string, token: string | undefined, start: Date, end: Date) {
    try {
      return await this.#client(region).send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'kms.amazonaws.com' }],
          StartTime: start,
          EndTime: end,
          MaxResults: 50,
          ...(token !== undefined && { NextToken: token }),
        }),
      );
    } catch (error) {
      const name = (error as { name?: unknown }).name;
      const message = `CloudTrail LookupEvents in ${region}: ${(error as Error).message}`;
      const options = { cause: error, details: { awsError: String(name), region } };
      if (name === 'ThrottlingException') throw new ThrottledError(message, options);
      if (typeof name === 'string' && INVALID.has(name)) throw new ValidationError(message, options);
      throw new DependencyError(message, options);
    }
  }

  #client(region: string): CloudTrailClient {
    let client = this.#clients.get(region);
    if (client === undefined) {
      client = new CloudTrailClient({
        region,
        ...(this.#options.endpoint !== undefined && { endpoint: this.#options.endpoint }),
        ...(this.#options.credentials !== undefined && { credentials: this.#options.credentials }),
      });
      this.#clients.set(region, client);
    }
    return client;
  }
}
