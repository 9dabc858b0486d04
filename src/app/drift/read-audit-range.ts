// The fleet-wide audit trail between two times (GET /audit?from=&to=&actor=&region=): the per-day
// index read day by day, filtered, with one opaque token that carries the day and that day's token.
import { ValidationError } from '../../core/errors.js';
import type { AuditEvent } from '../../core/model/audit-event.js';
import type { AuditLog } from '../../core/ports/audit-log.js';

export interface AuditRangeQuery {
  readonly from: string;
  readonly to: string;
  /** Only events of this actor (`sub`, or `system:<component>`). */
  readonly actor?: string | undefined;
  /** Only events that touched this KMS Region or were written by this control-plane Region. */
  readonly region?: string | undefined;
  readonly limit: number;
  readonly nextToken?: string | undefined;
}

/** A range longer than this is refused: the per-day index is read day by day. */
export const MAX_RANGE_DAYS = 31;
const DAY_MS = 86_400_000;
/** Index pages read per request at most; sparse filters answer a short page and a token. */
const MAX_READS = 20;

export async function readAuditRange(
  audit: AuditLog,
  query: AuditRangeQuery,
): Promise<{ items: AuditEvent[]; nextToken?: string }> {
  const from = Date.parse(query.from);
  const to = Date.parse(query.to);
  if (Number.isNaN(from) || Number.isNaN(to) || from > to) {
    throw new ValidationError('from and to must be ISO times with from <= to', {
      details: { field: 'from' },
    });
  }
  const days: string[] = [];
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day <= to; day += DAY_MS) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  if (days.length > MAX_RANGE_DAYS) {
    throw new ValidationError(`A range covers at most ${MAX_RANGE_DAYS} days`, { details: { field: 'to' } });
  }
  let { day, token } = decode(query.nextToken, days.length);
  const items: AuditEvent[] = [];
  for (let reads = 0; day < days.length && items.length < query.limit && reads < MAX_READS; reads++) {
    const page = await audit.listByDay(days[day] as string, {
      limit: query.limit - items.length,
      nextToken: token,
    });
    items.push(...page.items.filter((event) => matches(event, query, from, to)));
    token = page.nextToken;
    if (token === undefined) day += 1;
  }
  return day < days.length ? { items, nextToken: encode(day, token) } : { items };
}

function matches(event: AuditEvent, query: AuditRangeQuery, from: number, to: number): boolean {
  const at = Date.parse(event.at);
  if (at < from || at > to) return false;
  if (query.actor !== undefined && event.actor !== query.actor) return false;
  return query.region === undefined || event.region === query.region || event.writerRegion === query.region;
}

// The inner token is the store's own signed token, so a forged outer token fails there or here.
function encode(day: number, token: string | undefined): string {
  return Buffer.from(JSON.stringify({ d: day, ...(token !== undefined && { t: token }) })).toString(
    'base64url',
  );
}

function decode(value: string | undefined, days: number): { day: number; token: string | undefined } {
  if (value === undefined) return { day: 0, token: undefined };
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as {
      d?: unknown;
      t?: unknown;
    };
    if (typeof parsed.d === 'number' && Number.isInteger(parsed.d) && parsed.d >= 0 && parsed.d < days) {
      if (parsed.t === undefined || typeof parsed.t === 'string') return { day: parsed.d, token: parsed.t };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new ValidationError('nextToken is not a token of this query', { details: { field: 'nextToken' } });
}
