// runPlan with fakes: the lock goes before the final status; a started workflow's execution ARN is recorded (best effort).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DRIFT_SETTINGS } from '../../../src/app/drift/drift-deps.js';
import { type RecordingDriftLogger, recordingDriftLogger } from '../../../src/app/drift/drift-logger.js';
import { type RemediationDeps, runPlan } from '../../../src/app/drift/remediation-runner.js';
import type { RemediationPlan } from '../../../src/core/drift/plan-remediation.js';
import { DependencyError } from '../../../src/core/errors.js';
import { FixedClock } from '../../../src/core/fakes/fixed-clock.js';
import { InMemoryAuditLog } from '../../../src/core/fakes/in-memory-audit-log.js';
import { InMemoryKeySetRepository } from '../../../src/core/fakes/in-memory-key-set-repository.js';
import { InMemoryOperationRepository } from '../../../src/core/fakes/in-memory-operation-repository.js';
import type { Operation } from '../../../src/core/model/operation.js';
import type {
  WorkflowInput,
  WorkflowName,
  WorkflowStarter,
} from '../../../src/core/ports/workflow-starter.js';
import { KEY_ID, keySetFixture, NOW } from '../core/fixtures.js';

const OPERATION_ID = 'rem-1';

class StubWorkflowStarter implements WorkflowStarter {
  readonly started: { workflow: WorkflowName; input: WorkflowInput }[] = [];
  failWith: Error | undefined;

  async start(workflow: WorkflowName, input: WorkflowInput): Promise<{ readonly executionArn: string }> {
    if (this.failWith !== undefined) throw this.failWith;
    this.started.push({ workflow, input });
    return {
      executionArn: `arn:aws:states:us-east-1:111122223333:execution:${workflow}:${input.operationId}`,
    };
  }
}

function planWith(overrides: Partial<RemediationPlan> = {}): RemediationPlan {
  return {
    inline: [{ kind: 'RecordPrimary', region: 'eu-west-1' }],
    kinds: ['PrimaryMoved'],
    needsApproval: false,
    signature: 'sig',
    summary: 'record the primary in eu-west-1',
    ...overrides,
  };
}

let deps: RemediationDeps & {
  keySets: InMemoryKeySetRepository;
  operations: InMemoryOperationRepository;
  workflows: StubWorkflowStarter;
  logger: RecordingDriftLogger;
};
let operation: Operation;
/** Who held the key's lock each time an operation status was written. */
let holdersAtStatus: { status: string; holder: string | undefined }[];

beforeEach(async () => {
  const clock = new FixedClock(NOW);
  deps = {
    keySets: new InMemoryKeySetRepository(clock),
    operations: new InMemoryOperationRepository(clock),
    audit: new InMemoryAuditLog(),
    workflows: new StubWorkflowStarter(),
    clock,
    writerRegion: 'us-east-1',
    settings: DEFAULT_DRIFT_SETTINGS,
    logger: recordingDriftLogger(),
  };
  await deps.keySets.create(keySetFixture());
  operation = await deps.operations.create({
    operationId: OPERATION_ID,
    type: 'Reconcile',
    keyId: KEY_ID,
    tenant: 'payments',
    requestedBy: 'system:drift-scan',
    status: 'Pending',
    regions: {},
    createdAt: NOW,
    updatedAt: NOW,
  });
  holdersAtStatus = [];
  const setStatus = deps.operations.setStatus.bind(deps.operations);
  deps.operations.setStatus = async (operationId, status, extra) => {
    holdersAtStatus.push({ status, holder: (await deps.keySets.get(KEY_ID))?.activeOperationId });
    return setStatus(operationId, status, extra);
  };
});

describe('runPlan: the lock goes before the final status', () => {
  it('a plan without a workflow frees the key before Succeeded is visible', async () => {
    await expect(runPlan(deps, operation, planWith(), 'alice')).resolves.toEqual({});
    expect(holdersAtStatus).toEqual([{ status: 'Succeeded', holder: undefined }]);
    expect(await deps.keySets.get(KEY_ID)).toMatchObject({ primaryRegion: 'eu-west-1' });
    expect((await deps.operations.get(OPERATION_ID))?.status).toBe('Succeeded');
  });

  it('a workflow that cannot start frees the key before Failed is visible, and the error propagates', async () => {
    deps.workflows.failWith = new DependencyError('Step Functions is unavailable (injected)');
    const plan = planWith({ inline: [], workflow: { name: 'sync-properties', input: {} } });
    await expect(runPlan(deps, operation, plan, 'alice')).rejects.toThrow('Step Functions is unavailable');
    expect(holdersAtStatus).toEqual([{ status: 'Failed', holder: undefined }]);
    expect((await deps.operations.get(OPERATION_ID))?.error).toMatchObject({
      code: 'WorkflowNotStarted',
      message: expect.stringContaining('DependencyError'),
    });
  });

  it('a lock held by another operation is left alone when the remediation fails', async () => {
    await deps.keySets.acquireLock(KEY_ID, { operationId: 'op-other', leaseMs: 60_000 });
    await expect(runPlan(deps, operation, planWith(), 'alice')).rejects.toThrow();
    expect(holdersAtStatus).toEqual([{ status: 'Failed', holder: 'op-other' }]);
    expect((await deps.keySets.get(KEY_ID))?.activeOperationId).toBe('op-other');
  });
});

describe('runPlan: the started workflow is recorded on the operation', () => {
  const plan = planWith({ inline: [], workflow: { name: 'sync-properties', input: {} } });
  const arn = `arn:aws:states:us-east-1:111122223333:execution:sync-properties:${OPERATION_ID}`;

  it('saves the execution ARN; the workflow keeps the lock and finishes the operation', async () => {
    await expect(runPlan(deps, operation, plan, 'alice')).resolves.toEqual({ executionArn: arn });
    expect(deps.workflows.started).toMatchObject([
      { workflow: 'sync-properties', input: { operationId: OPERATION_ID } },
    ]);
    expect(await deps.operations.get(OPERATION_ID)).toMatchObject({ executionArn: arn, status: 'Pending' });
    expect((await deps.keySets.get(KEY_ID))?.activeOperationId).toBe(OPERATION_ID);
    expect(holdersAtStatus).toEqual([]);
  });

  it('a failed write is logged and changes nothing else: the remediation still counts as started', async () => {
    deps.operations.recordExecution = async () => {
      throw new DependencyError('DynamoDB is unavailable (injected)');
    };
    await expect(runPlan(deps, operation, plan, 'alice')).resolves.toEqual({ executionArn: arn });
    expect((await deps.operations.get(OPERATION_ID))?.status).toBe('Pending');
    expect((await deps.keySets.get(KEY_ID))?.activeOperationId).toBe(OPERATION_ID);
    expect(holdersAtStatus).toEqual([]);
    expect(deps.logger.entries).toMatchObject([
      {
        level: 'ERROR',
        message: 'Could not record the execution ARN',
        extra: [{ operationId: OPERATION_ID, executionArn: arn }],
      },
    ]);
  });

  it('without a logger (the API approve route) the failure goes to the console', async () => {
    const { logger: _logger, ...withoutLogger } = deps;
    deps.operations.recordExecution = async () => {
      throw new DependencyError('DynamoDB is unavailable (injected)');
    };
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await expect(runPlan(withoutLogger, operation, plan, 'alice')).resolves.toEqual({ executionArn: arn });
      expect(consoleError).toHaveBeenCalledWith(
        'Could not record the execution ARN',
        expect.objectContaining({ operationId: OPERATION_ID }),
      );
    } finally {
      consoleError.mockRestore();
    }
  });
});
