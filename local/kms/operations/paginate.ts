// Marker-based paging for list operations (KMS-MRK-SPEC section 10.6): an opaque marker that
// names the position; a marker we did not issue is InvalidMarkerException.
import { errors } from '../protocol/errors.js';

export interface Page<T> {
  items: T[];
  nextMarker?: string;
  truncated: boolean;
}

export function paginate<T>(items: readonly T[], limit: number, marker: string | undefined): Page<T> {
  const start = marker === undefined ? 0 : decodeMarker(marker, items.length);
  const page = items.slice(start, start + limit);
  const end = start + page.length;
  return end < items.length
    ? { items: page, nextMarker: encodeMarker(end), truncated: true }
    : { items: page, truncated: false };
}

/** The list response members: `Truncated`, and `NextMarker` only when there is more. */
export function pageFields(page: Page<unknown>): { Truncated: boolean; NextMarker?: string } {
  return page.nextMarker ? { NextMarker: page.nextMarker, Truncated: true } : { Truncated: false };
}

function encodeMarker(offset: number): string {
  return Buffer.from(`kms-emulator:${offset}`).toString('base64');
}

function decodeMarker(marker: string, length: number): number {
  const match = /^kms-emulator:(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
  const offset = match ? Number(match[1]) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset > length) throw errors.invalidMarker();
  return offset;
}
