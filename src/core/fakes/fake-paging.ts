// Paging for the in-memory fakes: a plain offset token, checked for shape (no secret: fakes only).
import { ValidationError } from '../errors.js';
import type { Page, PageRequest } from '../ports/page.js';

export function pageOf<T>(items: readonly T[], scope: string, page: PageRequest = {}): Page<T> {
  const limit = page.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new ValidationError('limit must be an integer from 1 to 1000', { details: { field: 'limit' } });
  }
  let start = 0;
  if (page.nextToken !== undefined) {
    const match = /^(.*)@(\d+)$/.exec(page.nextToken);
    if (!match || match[1] !== scope)
      throw new ValidationError('Invalid nextToken', { details: { field: 'nextToken' } });
    start = Number(match[2]);
  }
  const slice = items.slice(start, start + limit);
  const end = start + slice.length;
  return end < items.length ? { items: slice, nextToken: `${scope}@${end}` } : { items: slice };
}
