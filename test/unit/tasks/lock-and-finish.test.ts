// The first and last steps of every workflow: taking the key's lock and finishing the operation.
import { beforeEach, describe, expect, it } from 'vitest';
import { acquireKeyLock } from '../../../src/app/tasks/acquire-key-lock.js';
import { finishOperation } from '../../../src/app/tasks/finish-operation.js';
import { recordRegionResult } from '../../../src/app/tasks/record-region-result.js';
import { KEY_ID, OPERATION_ID, sampleEvent, type TaskBench, taskBench } from './task-fixture.js';

let bench: TaskBench;
beforeEach(async () => {
  bench = await taskBench();
});

describe('acquireKeyLock', () => {
  it('takes the lock, marks the operation Running and audits once, also when retried', async () => {
    await expect(acquireKeyLock(bench.deps, sampleEvent('acquire-key-lock'))).resolves.toEqual({
      acquired: true,
      waitSeconds: 0,
    });
    await expect(acquireKeyLock(bench.deps, sampleEvent('acquire-key-lock'))).resolves.toMatchObject({
      acquired: true,
    });
    expect(bench.keySets.items.get(KEY_ID)?.activeOperationId).toBe(OPERATION_ID);
    expect(bench.keySets.items.get(KEY_ID)?.lockExpiresAt).toBe('2026-03-02T00:00:00.000Z');
    expect(bench.operations.items.get(OPERATION_ID)?.status).toBe('Running');
    expect(bench.audit.events.map((event) => event.eventId)).toEqual([`${OPERATION_ID}/lock`]);
  });

  it('says to wait while another operation holds the lock, and gives up after the waiting deadline', async () => {
    await bench.keySets.acquireLock(KEY_ID, { operationId: 'op-other', leaseMs: 24 * 3_600_000 });
    await expect(acquireKeyLock(bench.deps, sampleEvent('acquire-key-lock'))).resolves.toEqual({
      acquired: false,
      waitSeconds: 5,
      holder: 'op-other',
    });
    expect(bench.operations.items.get(OPERATION_ID)?.status).toBe('Pending');
    bench.clock.advance(31 * 60_000);
    await expect(acquireKeyLock(bench.deps, sampleEvent('acquire-key-lock'))).rejects.toMatchObject({
      name: 'LockWaitTimedOut',
    });
  });

  it('refuses an operation of another key', async () => {
    const event = sampleEvent('acquire-key-lock', { keyId: 'mrk-00000000000000000000000000000000' });
    await expect(acquireKeyLock(bench.deps, event)).rejects.toMatchObject({ name: 'ValidationError' });
  });
});

describe('recordRegionResult', () => {
  it('records a failed Region with the Lambda error message, and audits it once', async () => {
    const event = sampleEvent('record-region-result');
    await recordRegionResult(bench.deps, event);
    await recordRegionResult(bench.deps, event);
    expect(bench.operations.items.get(OPERATION_ID)?.regions['eu-west-1']).toMatchObject({
      status: 'Failed',
      // A dependency's own words are never shown (only errors below 500 say why).
      error: {
        code: 'KmsUnavailable',
        message: 'KMS was unavailable in this Region after every retry; run a reconcile to finish the job.',
      },
    });
    expect(bench.audit.events).toHaveLength(1);
    expect(bench.audit.events[0]).toMatchObject({
      action: 'ReplicateRegion',
      result: 'Failed',
      region: 'eu-west-1',
    });
  });

  it('keeps the note an earlier step wrote', async () => {
    await bench.operations.recordStep(OPERATION_ID, 'eu-west-1', {
      status: 'Running',
      note: 'Adopted',
      updatedAt: 'x',
    });
    await recordRegionResult(
      bench.deps,
      sampleEvent('record-region-result', { status: 'Succeeded', error: undefined }),
    );
    expect(bench.operations.items.get(OPERATION_ID)?.regions['eu-west-1']).toMatchObject({
      status: 'Succeeded',
      note: 'Adopted',
    });
  });
});

describe('finishOperation', () => {
  it('sums up the Regions, releases the lock, writes the status, and is idempotent', async () => {
    await acquireKeyLock(bench.deps, sampleEvent('acquire-key-lock'));
    await bench.operations.recordStep(OPERATION_ID, 'eu-west-1', { status: 'Succeeded', updatedAt: 'x' });
    await bench.operations.recordStep(OPERATION_ID, 'ap-south-1', { status: 'Failed', updatedAt: 'x' });
    const event = sampleEvent('finish-operation', { failure: undefined, keySetStatus: 'Active' });
    await expect(finishOperation(bench.deps, event)).resolves.toEqual({
      status: 'PartiallySucceeded',
      lockReleased: true,
    });
    await expect(finishOperation(bench.deps, event)).resolves.toEqual({
      status: 'PartiallySucceeded',
      lockReleased: false,
    });
    expect(bench.keySets.items.get(KEY_ID)?.activeOperationId).toBeUndefined();
    expect(bench.audit.events.filter((entry) => entry.eventId === `${OPERATION_ID}/finish`)).toHaveLength(1);
  });

  it('frees the lock before the final status is visible, so a caller who sees it can start the next operation', async () => {
    await acquireKeyLock(bench.deps, sampleEvent('acquire-key-lock'));
    await bench.operations.recordStep(OPERATION_ID, 'eu-west-1', { status: 'Succeeded', updatedAt: 'x' });
    const holdersAtFinalStatus: (string | undefined)[] = [];
    const setStatus = bench.operations.setStatus.bind(bench.operations);
    bench.operations.setStatus = async (operationId, status, extra) => {
      holdersAtFinalStatus.push(bench.keySets.items.get(KEY_ID)?.activeOperationId);
      return setStatus(operationId, status, extra);
    };
    const event = sampleEvent('finish-operation', { failure: undefined });
    await expect(finishOperation(bench.deps, event)).resolves.toMatchObject({ status: 'Succeeded' });
    expect(holdersAtFinalStatus).toEqual([undefined]);
  });

  it('finishes on a retry after the lock went but the status was not written, without touching the next lock', async () => {
    await acquireKeyLock(bench.deps, sampleEvent('acquire-key-lock'));
    await bench.operations.recordStep(OPERATION_ID, 'eu-west-1', { status: 'Succeeded', updatedAt: 'x' });
    const setStatus = bench.operations.setStatus.bind(bench.operations);
    bench.operations.setStatus = async () => {
      throw new Error('DynamoDB went away');
    };
    const event = sampleEvent('finish-operation', { failure: undefined, keySetStatus: 'PendingDeletion' });
    await expect(finishOperation(bench.deps, event)).rejects.toThrow('DynamoDB went away');
    expect(bench.operations.items.get(OPERATION_ID)?.status).toBe('Running');
    expect(bench.keySets.items.get(KEY_ID)?.status).toBe('PendingDeletion');
    // The next operation (a cancel) takes the key and changes its status before the retry.
    await bench.keySets.acquireLock(KEY_ID, { operationId: 'op-next', leaseMs: 60_000 });
    const next = bench.keySets.items.get(KEY_ID)!;
    await bench.keySets.update(KEY_ID, next.version, { status: 'Active' });
    bench.operations.setStatus = setStatus;
    await expect(finishOperation(bench.deps, event)).resolves.toEqual({
      status: 'Succeeded',
      lockReleased: false,
    });
    expect(bench.operations.items.get(OPERATION_ID)?.status).toBe('Succeeded');
    expect(bench.keySets.items.get(KEY_ID)).toMatchObject({ activeOperationId: 'op-next', status: 'Active' });
  });

  it('after a failure marks unfinished Regions Failed with the error', async () => {
    await bench.operations.recordStep(OPERATION_ID, 'eu-west-1', { status: 'Pending', updatedAt: 'x' });
    const result = await finishOperation(bench.deps, sampleEvent('finish-operation'));
    expect(result.status).toBe('Failed');
    const operation = bench.operations.items.get(OPERATION_ID)!;
    expect(operation.error).toEqual({
      code: 'States.TaskFailed',
      message: 'The step failed in a dependency; run a reconcile to finish the job.',
    });
    expect(operation.regions['eu-west-1']).toMatchObject({
      status: 'Failed',
      error: { code: 'States.TaskFailed' },
    });
  });

  it('sets the key set status only when every Region succeeded', async () => {
    await bench.operations.recordStep(OPERATION_ID, 'eu-west-1', { status: 'Succeeded', updatedAt: 'x' });
    await finishOperation(
      bench.deps,
      sampleEvent('finish-operation', { failure: undefined, keySetStatus: 'PendingDeletion' }),
    );
    expect(bench.keySets.items.get(KEY_ID)?.status).toBe('PendingDeletion');
    expect(bench.operations.items.get(OPERATION_ID)?.status).toBe('Succeeded');
  });
});
