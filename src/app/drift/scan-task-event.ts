// The drift-scan execution's shared fields, checked by every drift task: scan id, start time, totals.
import * as z from 'zod';
import { REMEDIATION_POLICIES } from '../../core/drift/drift-record.js';

export const scanIdSchema = z.string().regex(/^scan-[0-9]{14}-[a-z0-9]{4,12}$/, 'must be a scan id');

export const totalsSchema = z
  .record(z.string().regex(/^[A-Za-z:]{1,64}$/), z.number().int().min(0))
  .refine((value) => Object.keys(value).length <= 100, 'at most 100 totals')
  .default({});

export const policySchema = z.enum(REMEDIATION_POLICIES as ['report', 'auto', 'approve']);

export type Totals = Record<string, number>;

export function addTotals(a: Readonly<Totals>, b: Readonly<Totals>): Totals {
  const sum: Totals = { ...a };
  for (const [name, value] of Object.entries(b)) sum[name] = (sum[name] ?? 0) + value;
  return sum;
}
