// Task "Reconcile KMS Events": per allowed Region, KMS's own event log (CloudTrail LookupEvents) against
// the audit trail; every change to a managed key the control plane did not make is audited and stored.
import * as z from 'zod';
import { type DriftRecord, driftRecordOf } from '../../core/drift/drift-record.js';
import { type OutOfBandChange, reconcileKmsEvents } from '../../core/drift/reconcile-kms-events.js';
import type { AuditEvent } from '../../core/model/audit-event.js';
import type { KeySet } from '../../core/model/key-set.js';
import type { KmsEvent } from '../../core/ports/kms-event-log.js';
import { parseEvent } from '../tasks/task-event.js';
import { DRIFT_ACTOR, type DriftDeps } from './drift-deps.js';
import { scanIdSchema } from './scan-task-event.js';

const schema = z.object({
  scanId: scanIdSchema,
  window: z.object({
    startTime: z.iso.datetime({ offset: true }),
    endTime: z.iso.datetime({ offset: true }),
  }),
});

const MAX_AUDIT_EVENTS = 10_000;
const MAX_REPORTED = 100;

export interface ReconcileResult {
  readonly eventsRead: number;
  readonly count: number;
  readonly changes: readonly OutOfBandChange[];
  readonly truncated: boolean;
  readonly unreachableRegions: readonly string[];
}

export async function reconcileKmsEventsTask(deps: DriftDeps, event: unknown): Promise<ReconcileResult> {
  const input = parseEvent(schema, event, 'ReconcileKmsEvents');
  const result = await reconcileWindow(deps, input.window, input.scanId);
  for (const change of result.changes)
    deps.metrics.count('OutOfBandChanges', 1, { eventName: change.eventName });
  deps.metrics.flush();
  return {
    ...result,
    changes: result.changes.slice(0, MAX_REPORTED),
    truncated: result.changes.length > MAX_REPORTED,
  };
}

export async function reconcileWindow(
  deps: DriftDeps,
  window: { readonly startTime: string; readonly endTime: string },
  scanId: string,
): Promise<Omit<ReconcileResult, 'truncated'>> {
  const unreachableRegions: string[] = [];
  const events: KmsEvent[] = [];
  await Promise.all(
    deps.allowedRegions.map(async (region) => {
      try {
        events.push(...(await deps.trail.lookupEvents(region, window)));
      } catch (error) {
        if (!['ThrottledError', 'DependencyError'].includes((error as Error).name)) throw error;
        unreachableRegions.push(region);
      }
    }),
  );
  const mutations = events.filter((item) => !item.readOnly && item.invokedBy === undefined);
  const touched = [...new Set(mutations.flatMap((item) => item.keyIds))];
  const keySets = (await Promise.all(touched.map((keyId) => deps.keySets.get(keyId)))).filter(
    (keySet): keySet is KeySet => keySet !== undefined,
  );
  const managed = new Map(keySets.map((keySet) => [keySet.keyId, keySet.createdAt]));
  const audit = (await Promise.all(keySets.map((keySet) => readAudit(deps, keySet.keyId)))).flat();
  const changes = reconcileKmsEvents(managed, audit, mutations, {
    slackMs: deps.settings.reconcileSlackSeconds * 1000,
    ...(deps.settings.controlPlanePrincipals.length > 0 && {
      controlPlanePrincipals: deps.settings.controlPlanePrincipals,
    }),
  });
  const now = deps.clock.now().toISOString();
  for (const keySet of keySets) {
    const mine = changes.filter((change) => change.keyId === keySet.keyId);
    for (const change of mine) {
      // The event id comes from KMS's event id: overlapping windows never audit one change twice.
      await deps.audit.append({
        eventId: `kms-event-${change.region}-${change.eventId}`,
        keyId: change.keyId,
        writerRegion: deps.writerRegion,
        at: now,
        actor: DRIFT_ACTOR,
        action: 'OutOfBandChange',
        region: change.region,
        requestId: scanId,
        result: 'Succeeded',
        details: {
          eventName: change.eventName,
          eventTime: change.eventTime,
          kmsEventId: change.eventId,
          reason: change.reason,
          principal: change.principalArn ?? change.identityType,
        },
      });
    }
    await storeChanges(deps, keySet, mine, now);
  }
  return {
    eventsRead: events.length,
    count: changes.length,
    changes,
    unreachableRegions: unreachableRegions.sort(),
  };
}

async function storeChanges(
  deps: DriftDeps,
  keySet: KeySet,
  changes: OutOfBandChange[],
  now: string,
): Promise<void> {
  const fresh = (await deps.keySets.get(keySet.keyId)) ?? keySet;
  const previous = driftRecordOf(fresh);
  if (changes.length === 0 && (previous?.outOfBand ?? []).length === 0) return;
  const record: DriftRecord = {
    status: previous?.status ?? 'InSync',
    findings: previous?.findings ?? [],
    scannedAt: previous?.scannedAt ?? now,
    ...previous,
    outOfBand: changes,
    reconciledAt: now,
  };
  await deps.keySets.recordDrift(keySet.keyId, record);
}

async function readAudit(deps: DriftDeps, keyId: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let token: string | undefined;
  do {
    const page = await deps.audit.listByKey(keyId, { limit: 1000, nextToken: token });
    events.push(...page.items);
    token = page.nextToken;
  } while (token !== undefined && events.length < MAX_AUDIT_EVENTS);
  return events;
}
