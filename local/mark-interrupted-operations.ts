// At start, operations whose workflow the last stop of the local stack cut off are marked Failed.
import type { SFNClient } from '@aws-sdk/client-sfn';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import type { ApiDeps } from '../src/app/api/api-deps.js';
import { auditEventId } from '../src/core/audit/audit-chain.js';
import { TERMINAL_OPERATION_STATUSES } from '../src/core/model/operation.js';

export const INTERRUPTED_ERROR = {
  code: 'Interrupted',
  message:
    'The local stack stopped while this operation ran (its workflow execution is ABORTED). POST /keys/{keyId}/reconcile (mrkctl keys reconcile) finishes it from where it stopped.',
} as const;

/**
 * A workflow that was running when the stack stopped is ABORTED at the next start (the Step Functions
 * service does that); its operation would stay Running and its key locked until the lease ran out.
 * So each such operation is marked Failed (steps still open: Failed, Interrupted), its lock released,
 * and the interruption audited, so the key can be reconciled at once.
 */
export async function markInterruptedOperations(
  sfn: SFNClient,
  machineArns: readonly string[],
  deps: ApiDeps,
): Promise<string[]> {
  const marked: string[] = [];
  for (const stateMachineArn of machineArns) {
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(
        new ListExecutionsCommand({ stateMachineArn, statusFilter: 'ABORTED', nextToken }),
      );
      for (const execution of page.executions ?? []) {
        const operation =
          execution.name === undefined ? undefined : await deps.operations.get(execution.name);
        if (operation === undefined || TERMINAL_OPERATION_STATUSES.has(operation.status)) continue;
        const now = deps.clock.now().toISOString();
        for (const [stepRegion, step] of Object.entries(operation.regions)) {
          if (step.status !== 'Pending' && step.status !== 'Running') continue;
          // The note stays: it says how far the step got (a resumed deletion reads its soak start there).
          await deps.operations.recordStep(operation.operationId, stepRegion, {
            status: 'Failed',
            ...(step.note !== undefined && { note: step.note }),
            error: INTERRUPTED_ERROR,
            updatedAt: now,
          });
        }
        await deps.operations.setStatus(operation.operationId, 'Failed', { error: INTERRUPTED_ERROR });
        await deps.keySets.releaseLock(operation.keyId, operation.operationId);
        await deps.audit.append({
          eventId: auditEventId(operation.operationId, 'interrupted'),
          keyId: operation.keyId,
          writerRegion: deps.writerRegion,
          at: now,
          actor: 'system:local-stack',
          action: 'OperationInterrupted',
          requestId: operation.operationId,
          operationId: operation.operationId,
          result: 'Failed',
          details: { executionArn: execution.executionArn ?? '', type: operation.type },
        });
        marked.push(operation.operationId);
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
  }
  return marked;
}
