// Task "Start Drift Scan": names the scan (deterministic per execution, so a retried step agrees) and
// fixes the reconciliation window.
import * as z from 'zod';
import { sha256Hex } from '../../core/json/canonical-json.js';
import { parseEvent } from '../tasks/task-event.js';
import type { DriftDeps } from './drift-deps.js';
import { policySchema } from './scan-task-event.js';

const schema = z.object({
  /** `$$.Execution.Name` and `$$.Execution.StartTime`. */
  executionName: z.string().min(1).max(80),
  startedAt: z.iso.datetime({ offset: true }),
  /** The execution input as the schedule gives it; every field optional. */
  request: z
    .object({
      defaultPolicy: policySchema.optional(),
      lookbackMinutes: z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60)
        .optional(),
      pageSize: z.number().int().min(1).max(1000).optional(),
    })
    .default({}),
});

export interface DriftScanStart {
  readonly scanId: string;
  readonly startedAt: string;
  readonly window: { readonly startTime: string; readonly endTime: string };
  readonly defaultPolicy: string;
  readonly pageSize: number;
}

export async function startDriftScan(deps: DriftDeps, event: unknown): Promise<DriftScanStart> {
  const input = parseEvent(schema, event, 'StartDriftScan');
  const started = new Date(input.startedAt);
  const stamp = started.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const { request } = input;
  const lookback = request.lookbackMinutes ?? deps.settings.lookbackMinutes;
  return {
    scanId: `scan-${stamp}-${sha256Hex(input.executionName).slice(0, 8)}`,
    startedAt: started.toISOString(),
    window: {
      startTime: new Date(started.getTime() - lookback * 60_000).toISOString(),
      endTime: started.toISOString(),
    },
    defaultPolicy: request.defaultPolicy ?? deps.settings.defaultPolicy,
    pageSize: request.pageSize ?? deps.settings.pageSize,
  };
}
