// Task "Scan Key Sets": one page of managed key sets: read every member (rate-limited, Regions in
// parallel), detect drift, store findings and members, remediate by policy, audit changes, count.
import * as z from 'zod';
import { detectDrift } from '../../core/drift/detect-drift.js';
import { type DriftRecord, driftRecordOf, policyFor } from '../../core/drift/drift-record.js';
import { planRemediation } from '../../core/drift/plan-remediation.js';
import { canonicalJson, sha256Hex } from '../../core/json/canonical-json.js';
import type { DriftFinding } from '../../core/model/drift-finding.js';
import { isLocked, type KeySet } from '../../core/model/key-set.js';
import type { Member } from '../../core/model/member.js';
import { parseEvent } from '../tasks/task-event.js';
import { DRIFT_ACTOR, type DriftDeps } from './drift-deps.js';
import { observeKeySet } from './observe-key-set.js';
import { readRegionIndexes } from './region-index.js';
import { applyPlan } from './remediation-runner.js';
import { addTotals, policySchema, scanIdSchema, type Totals, totalsSchema } from './scan-task-event.js';
import { concurrencyLimit } from './with-concurrency.js';

const schema = z.object({
  scanId: scanIdSchema,
  /** Overrides the configured default policy for key sets without their own (a one-off run). */
  defaultPolicy: policySchema.optional(),
  pageSize: z.number().int().min(1).max(1000).optional(),
  /** The previous page's result (absent or without nextToken on the first page). */
  page: z
    .object({ nextToken: z.string().max(4096).optional(), totals: totalsSchema })
    .default({ totals: {} }),
});

export interface ScanPageResult {
  readonly nextToken?: string | undefined;
  readonly more: boolean;
  readonly totals: Totals;
}

export async function scanKeySets(deps: DriftDeps, event: unknown): Promise<ScanPageResult> {
  const input = parseEvent(schema, event, 'ScanKeySets');
  const page = await deps.keySets.listAll({
    limit: input.pageSize ?? deps.settings.pageSize,
    nextToken: input.page.nextToken,
  });
  const regions = new Set(deps.allowedRegions);
  for (const keySet of page.items) for (const region of keySet.regions) regions.add(region);
  const indexes = await readRegionIndexes(deps.kms, [...regions]);
  const totals: Totals = {};
  const count = (name: string, value = 1) => {
    totals[name] = (totals[name] ?? 0) + value;
  };
  const now = deps.clock.now();
  const store = concurrencyLimit(deps.settings.storeConcurrency);
  // Each key set is recorded as soon as it is read, so DynamoDB writes overlap the KMS reads.
  const outcomes = await Promise.allSettled(
    page.items.map(async (keySet) => {
      const observed = await observeKeySet(deps.kms, keySet, indexes, now);
      count('keySets');
      if (!observed.complete) {
        count('incomplete');
        return;
      }
      const findings = detectDrift(keySet, observed.members, now);
      await store(() => record(deps, keySet, observed.members, findings, input, count));
    }),
  );
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  // Every other key set is recorded; a retry of the task redoes the page idempotently.
  if (failed !== undefined) throw failed.reason;
  for (const [name, value] of Object.entries(totals)) {
    if (name.startsWith('kind:')) deps.metrics.count('DriftFindings', value, { kind: name.slice(5) });
  }
  deps.metrics.count('KeySetsScanned', totals.keySets ?? 0);
  deps.metrics.count('KeySetsDrifted', totals.drifted ?? 0);
  deps.metrics.count('KeySetsIncomplete', totals.incomplete ?? 0);
  deps.metrics.flush();
  return {
    ...(page.nextToken !== undefined && { nextToken: page.nextToken }),
    more: page.nextToken !== undefined,
    totals: addTotals(input.page.totals, totals),
  };
}

async function record(
  deps: DriftDeps,
  keySet: KeySet,
  members: Readonly<Record<string, Member>>,
  findings: readonly DriftFinding[],
  input: z.infer<typeof schema>,
  count: (name: string, value?: number) => void,
): Promise<void> {
  const now = deps.clock.now();
  const previous = driftRecordOf(keySet);
  if (findings.length > 0) count('drifted');
  for (const item of findings) count(`kind:${item.kind}`);
  // A running operation owns the observed members it is changing; the scan only reports.
  if (!isLocked(keySet, now)) {
    const gone = Object.keys(keySet.members).filter((region) => members[region] === undefined);
    await deps.keySets.recordMembers(keySet.keyId, Object.values(members), { removeRegions: gone });
  }
  const plan = planRemediation(
    keySet,
    findings,
    policyFor(keySet, input.defaultPolicy ?? deps.settings.defaultPolicy),
  );
  const operationId = `drift-${input.scanId.slice(5)}-${sha256Hex(keySet.keyId).slice(0, 10)}`;
  const remediation =
    plan === undefined ? undefined : await applyPlan(deps, keySet, plan, operationId, previous?.remediation);
  if (remediation?.status === 'Started') count('remediationsStarted');
  if (remediation?.status === 'AwaitingApproval') count('awaitingApproval');
  const report: DriftRecord = {
    status: findings.length === 0 ? 'InSync' : 'Drifted',
    findings: [...findings],
    scannedAt: now.toISOString(),
    scanId: input.scanId,
    ...(previous?.policy !== undefined && { policy: previous.policy }),
    ...(remediation !== undefined && { remediation }),
    ...(previous?.outOfBand !== undefined && { outOfBand: previous.outOfBand }),
    ...(previous?.reconciledAt !== undefined && { reconciledAt: previous.reconciledAt }),
  };
  await deps.keySets.recordDrift(keySet.keyId, report);
  const before = signatureOf(previous?.findings ?? []);
  const after = signatureOf(findings);
  if (before === after) return;
  // Findings appeared, changed or disappeared: one audit event per change, not per scan.
  await deps.audit.append({
    eventId: `drift-${input.scanId}-${keySet.keyId}`,
    keyId: keySet.keyId,
    writerRegion: deps.writerRegion,
    at: now.toISOString(),
    actor: DRIFT_ACTOR,
    action: findings.length === 0 ? 'DriftResolved' : 'DriftDetected',
    requestId: input.scanId,
    result: 'Succeeded',
    details: {
      findings: findings.map(
        (item) => `${item.kind}${item.property ? `:${item.property}` : ''}@${item.region}`,
      ),
    },
  });
}

/** What a finding is, without values that change with every read (times). */
function signatureOf(findings: readonly DriftFinding[]): string {
  return sha256Hex(
    canonicalJson(
      findings.map((item) => [item.kind, item.region, item.property ?? '', item.expected, item.actual]),
    ),
  );
}
