// runPlan with fakes: the key's lock is released before the final status is written (on success and on failure).
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DRIFT_SETTINGS } from '../../../src/app/drift/drift-deps.js';
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
    expect((await deps.operations.get(OPERATION_ID))?.error).toMatchObject({ code: 'DependencyError' });
  });

  it('a lock held by another operation is left alone when the remediation fails', async () => {
    await deps.keySets.acquireLock(KEY_ID, { operationId: 'op-other', leaseMs: 60_000 });
    await expect(runPlan(deps, operation, planWith(), 'alice')).rejects.toThrow();
    expect(holdersAtStatus).toEqual([{ status: 'Failed', holder: 'op-other' }]);
    expect((await deps.keySets.get(KEY_ID))?.activeOperationId).toBe('op-other');
  });
});
