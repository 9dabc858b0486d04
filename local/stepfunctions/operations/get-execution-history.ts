// GetExecutionHistory: the execution's events, oldest first (or newest first with reverseOrder),
// paged by event id so a page boundary never moves while the execution keeps running.
import { decodeToken, encodeToken, pageSize } from '../paging.js';
import type { HistoryEvent } from '../types.js';
import { requireExecution } from './lookup.js';
import { defineOperation, seconds } from './operation.js';

const DATA_FIELDS = new Set(['input', 'output', 'parameters', 'inputDetails', 'outputDetails']);

export const getExecutionHistory = defineOperation({
  input: {
    executionArn: { type: 'string', required: true, min: 1, max: 256 },
    maxResults: { type: 'integer', min: 0, max: 1000 },
    reverseOrder: { type: 'boolean' },
    nextToken: { type: 'string', min: 1, max: 3096 },
    includeExecutionData: { type: 'boolean' },
  },
  run(
    ctx,
    input: {
      executionArn: string;
      maxResults?: number;
      reverseOrder?: boolean;
      nextToken?: string;
      includeExecutionData?: boolean;
    },
  ) {
    const execution = requireExecution(ctx, input.executionArn);
    const reverse = input.reverseOrder === true;
    const scope = `history|${execution.arn}|${reverse}`;
    const after = decodeToken(input.nextToken, scope);
    const ordered = reverse ? [...execution.history].reverse() : execution.history;
    const remaining =
      after === undefined
        ? ordered
        : ordered.filter((event) => (reverse ? event.id < Number(after) : event.id > Number(after)));
    const page = remaining.slice(0, pageSize(input.maxResults));
    const last = page.at(-1);
    const withData = input.includeExecutionData !== false;
    return {
      events: page.map((event) => present(event, withData)),
      ...(last && remaining.length > page.length && { nextToken: encodeToken(scope, last.id) }),
    };
  },
});

function present(event: HistoryEvent, withData: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...event, timestamp: seconds(event.timestamp) };
  if (withData) return out;
  for (const [key, value] of Object.entries(out)) {
    if (key.endsWith('EventDetails') && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value).filter(([field]) => !DATA_FIELDS.has(field)));
    }
  }
  return out;
}
