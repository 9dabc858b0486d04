// Carrying out a remediation plan: propose it for approval, or run it (record desired-state changes,
// start the workflow). The audit event always comes first: no effect without an event.
import { auditEventId } from '../../core/audit/audit-chain.js';
import type { RemediationRef } from '../../core/drift/drift-record.js';
import type { InlineStep, RemediationPlan } from '../../core/drift/plan-remediation.js';
import { ConflictError, PreconditionFailedError } from '../../core/errors.js';
import type { JsonValue } from '../../core/json/canonical-json.js';
import type { AuditResult } from '../../core/model/audit-event.js';
import { isLocked, type KeySet } from '../../core/model/key-set.js';
import type { Operation } from '../../core/model/operation.js';
import { abandonOperation, launchOperation } from '../operations/launch-operation.js';
import { DRIFT_ACTOR, type DriftDeps } from './drift-deps.js';
import { consoleDriftLogger, type DriftLogger } from './drift-logger.js';

export type RemediationDeps = Pick<
  DriftDeps,
  'keySets' | 'operations' | 'audit' | 'workflows' | 'clock' | 'writerRegion' | 'settings'
> & {
  /** Optional for callers outside the drift scan (the API's approve route); the console otherwise. */
  readonly logger?: DriftLogger | undefined;
};

/** The plan as stored in the operation's input, so an approval later runs exactly what was proposed. */
export function planOf(operation: Operation): RemediationPlan | undefined {
  const plan = (operation.input as { remediation?: RemediationPlan } | undefined)?.remediation;
  return plan !== undefined && Array.isArray(plan.inline) ? plan : undefined;
}

/**
 * Under approval: stores a Pending Reconcile operation (the same plan is not proposed twice).
 * Otherwise runs it now. A key set held by another operation is left for the next scan.
 */
export async function applyPlan(
  deps: RemediationDeps,
  keySet: KeySet,
  plan: RemediationPlan,
  operationId: string,
  previous: RemediationRef | undefined,
): Promise<RemediationRef> {
  const now = deps.clock.now();
  const ref = (status: RemediationRef['status'], id = operationId): RemediationRef => ({
    operationId: id,
    status,
    signature: plan.signature,
    kinds: [...plan.kinds],
    summary: plan.summary,
    createdAt: now.toISOString(),
  });
  if (previous?.status === 'AwaitingApproval' && previous.signature === plan.signature) {
    const waiting = await deps.operations.get(previous.operationId);
    if (waiting?.status === 'Pending') return previous;
  }
  if (previous?.status === 'AwaitingApproval') await supersede(deps, keySet.keyId, previous.operationId);
  if (isLocked(keySet, now))
    return {
      ...ref('Skipped', ''),
      summary: `${plan.summary} (waits: ${keySet.activeOperationId} holds the key)`,
    };
  const operation = await deps.operations.create({
    operationId,
    type: 'Reconcile',
    keyId: keySet.keyId,
    tenant: keySet.tenant,
    requestedBy: DRIFT_ACTOR,
    status: 'Pending',
    regions: {},
    input: { remediation: plan as unknown as JsonValue, awaitingApproval: plan.needsApproval },
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
  if (plan.needsApproval) {
    await audit(deps, operation, 'propose', 'RemediationProposed', 'Succeeded', DRIFT_ACTOR, plan);
    return ref('AwaitingApproval');
  }
  await runPlan(deps, operation, plan, DRIFT_ACTOR);
  return ref('Started');
}

/**
 * Audits the request, takes the lock with the first desired-state change (or alone), records the
 * inline steps, then starts the workflow; with no workflow (or on failure) the operation is finished
 * here: lock released, then the final status, then the audit event (the order of Finish Operation).
 */
export async function runPlan(
  deps: RemediationDeps,
  operation: Operation,
  plan: RemediationPlan,
  actor: string,
): Promise<{ readonly executionArn?: string | undefined }> {
  const { keyId, operationId } = operation;
  const logger = deps.logger ?? consoleDriftLogger;
  const request = {
    actor,
    action: 'ReconcileRequested',
    result: 'Started',
    details: planDetails(plan),
  } as const;
  await audit(deps, operation, 'request', request.action, request.result, actor, plan);
  const lock = { operationId, leaseMs: deps.settings.lockLeaseMinutes * 60_000 };
  const fail = async (error: unknown): Promise<never> => {
    await audit(deps, operation, 'finish', 'OperationFinished', 'Failed', actor, plan);
    throw error;
  };
  try {
    await deps.keySets.acquireLock(keyId, lock);
    for (const step of plan.inline) await applyInline(deps, keyId, step, lock);
  } catch (error) {
    // Another operation's lock (acquireLock failed) is left alone: releaseLock only frees our own.
    await abandonOperation({ ...deps, logger }, keyId, operationId, true, error);
    return fail(error);
  }
  if (plan.workflow !== undefined) {
    // The shared launcher (it cleans up after itself): the operation and request event are stored
    // already, and storing them again is a no-op.
    const launched = await launchOperation(
      { ...deps, logger },
      { operation, audit: request, workflow: plan.workflow.name, input: plan.workflow.input },
    ).catch(fail);
    return { executionArn: launched.executionArn };
  }
  // As in Finish Operation: the lock goes first, so a caller who sees Succeeded can mutate at once.
  await deps.keySets.releaseLock(keyId, operationId);
  await deps.operations.setStatus(operationId, 'Succeeded');
  await audit(deps, operation, 'finish', 'OperationFinished', 'Succeeded', actor, plan);
  return {};
}

/** A proposal the drift no longer matches is closed, so nobody approves a stale plan. */
export async function supersede(deps: RemediationDeps, keyId: string, operationId: string): Promise<void> {
  const operation = await deps.operations.get(operationId);
  if (operation?.status !== 'Pending' || operation.keyId !== keyId) return;
  await deps.operations.setStatus(operationId, 'Failed', {
    error: { code: 'Superseded', message: 'A later drift scan found different drift; see its proposal' },
  });
  await audit(deps, operation, 'supersede', 'RemediationSuperseded', 'Succeeded', DRIFT_ACTOR, undefined);
}

async function applyInline(
  deps: RemediationDeps,
  keyId: string,
  step: InlineStep,
  lock: { operationId: string; leaseMs: number },
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const keySet = await deps.keySets.get(keyId);
    if (keySet === undefined) throw new ConflictError(`Key ${keyId} is no longer managed`);
    const changes =
      step.kind === 'RecordPrimary'
        ? keySet.primaryRegion === step.region
          ? undefined
          : { primaryRegion: step.region }
        : keySet.regions.includes(step.region)
          ? undefined
          : { regions: [...keySet.regions, step.region] };
    if (changes === undefined) return;
    try {
      await deps.keySets.update(keyId, keySet.version, changes, { lock });
      return;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= 4) throw error;
    }
  }
}

async function audit(
  deps: RemediationDeps,
  operation: Operation,
  step: string,
  action: string,
  result: AuditResult,
  actor: string,
  plan: RemediationPlan | undefined,
): Promise<void> {
  await deps.audit.append({
    eventId: auditEventId(operation.operationId, step),
    keyId: operation.keyId,
    writerRegion: deps.writerRegion,
    at: deps.clock.now().toISOString(),
    actor,
    action,
    requestId: operation.operationId,
    operationId: operation.operationId,
    result,
    ...(plan !== undefined && { details: planDetails(plan) }),
  });
}

function planDetails(plan: RemediationPlan): { [key: string]: JsonValue } {
  return {
    summary: plan.summary,
    kinds: [...plan.kinds],
    signature: plan.signature,
    workflow: plan.workflow?.name ?? null,
  };
}
