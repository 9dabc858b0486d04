// The pure workflow helpers: rate slots, the poll schedule, final status, and Catch output parsing.
import { describe, expect, it } from 'vitest';
import { finalStatus } from '../../../src/core/workflows/final-status.js';
import { operationErrorOf } from '../../../src/core/workflows/operation-error-of.js';
import { nextPoll } from '../../../src/core/workflows/poll-schedule.js';
import { rateSlots } from '../../../src/core/workflows/rate-slots.js';

describe('rateSlots', () => {
  it('puts at most perSecond calls in each one-second slot', () => {
    expect(rateSlots(12, 5)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2]);
    expect(rateSlots(0, 5)).toEqual([]);
    expect(() => rateSlots(3, 0)).toThrow(RangeError);
  });
});

describe('nextPoll', () => {
  const start = new Date('2026-01-01T00:00:00Z');
  it('doubles the interval up to the cap and keeps the first deadline', () => {
    let poll = nextPoll({ attempt: 0 }, start, { timeoutMinutes: 20 });
    const waits = [poll.waitSeconds];
    for (let i = 0; i < 6; i++) {
      poll = nextPoll(poll, start, { timeoutMinutes: 20 });
      waits.push(poll.waitSeconds);
    }
    expect(waits).toEqual([2, 4, 8, 16, 30, 30, 30]);
    expect(poll.deadline).toBe('2026-01-01T00:20:00.000Z');
    expect(poll.expired).toBe(false);
    expect(nextPoll(poll, new Date('2026-01-01T00:21:00Z'), { timeoutMinutes: 20 }).expired).toBe(true);
  });
});

describe('finalStatus', () => {
  const step = (status: 'Succeeded' | 'Failed' | 'Pending' | 'Skipped') => ({ status, updatedAt: 't' });
  it('sums up Regions: all, none, or some succeeded', () => {
    expect(finalStatus({ a: step('Succeeded'), b: step('Skipped') }, undefined, 'now').status).toBe(
      'Succeeded',
    );
    expect(finalStatus({ a: step('Failed') }, undefined, 'now').status).toBe('Failed');
    expect(finalStatus({ a: step('Succeeded'), b: step('Failed') }, undefined, 'now').status).toBe(
      'PartiallySucceeded',
    );
  });

  it('fails unfinished Regions with the workflow error and never calls a failed workflow Succeeded', () => {
    const failure = { code: 'States.TaskFailed', message: 'boom' };
    const outcome = finalStatus({ a: step('Succeeded'), b: step('Pending') }, failure, 'now');
    expect(outcome.status).toBe('PartiallySucceeded');
    expect(outcome.unfinished).toEqual({ b: { status: 'Failed', error: failure, updatedAt: 'now' } });
    expect(finalStatus({ a: step('Succeeded') }, failure, 'now').status).toBe('PartiallySucceeded');
    expect(finalStatus({}, failure, 'now').status).toBe('Failed');
  });
});

describe('operationErrorOf', () => {
  it('reads errorMessage out of a Lambda error document of an error below 500', () => {
    const cause = JSON.stringify({ errorType: 'ConflictError', errorMessage: 'is updating', trace: [] });
    expect(operationErrorOf({ Error: 'ConflictError', Cause: cause })).toEqual({
      code: 'ConflictError',
      message: 'is updating',
    });
    const refused = JSON.stringify({ errorType: 'ValidationError', errorMessage: 'bad policy' });
    expect(operationErrorOf({ Error: 'ValidationError', Cause: refused }).message).toBe('bad policy');
  });

  it('never shows the text of a dependency failure, a runtime error or a States.* error', () => {
    const leak = 'connect ECONNREFUSED 10.0.0.7:443 at TLSSocket (/var/task/index.js:1:2)';
    for (const name of ['KmsUnavailable', 'DependencyError', 'MemberWaitTimedOut', 'TypeError', 'Error']) {
      const cause = JSON.stringify({ errorType: name, errorMessage: leak, trace: ['x'] });
      const recorded = operationErrorOf({ Error: name, Cause: cause });
      expect(recorded.code).toBe(name);
      expect(recorded.message).not.toContain('ECONNREFUSED');
      expect(recorded.message).toMatch(/reconcile/);
    }
    expect(operationErrorOf({ Error: 'States.Timeout', Cause: leak }).message).toBe(
      'The step timed out; run a reconcile to finish the job.',
    );
    expect(operationErrorOf(undefined).code).toBe('States.Unknown');
  });
});
