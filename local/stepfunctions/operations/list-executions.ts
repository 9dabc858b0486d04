// ListExecutions: one state machine's executions, newest first, optionally by status, paged by a
// start-order cursor so executions started meanwhile do not shift the pages.

import { decodeToken, encodeToken, pageSize } from '../paging.js';
import { errors } from '../sfn-error.js';
import { executionSummary } from './describe-execution.js';
import { requireMachine } from './lookup.js';
import { defineOperation } from './operation.js';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;

export const listExecutions = defineOperation({
  input: {
    stateMachineArn: { type: 'string', min: 1, max: 256 },
    statusFilter: { type: 'string', enum: STATUSES },
    maxResults: { type: 'integer', min: 0, max: 1000 },
    nextToken: { type: 'string', min: 1, max: 3096 },
    mapRunArn: { type: 'string', min: 1, max: 2000 },
    redriveFilter: { type: 'string', enum: ['REDRIVEN', 'NOT_REDRIVEN'] },
  },
  run(
    ctx,
    input: {
      stateMachineArn?: string;
      statusFilter?: string;
      maxResults?: number;
      nextToken?: string;
      mapRunArn?: string;
    },
  ) {
    if (input.mapRunArn !== undefined)
      throw errors.validation('Map Runs are not supported by the local service');
    if (input.stateMachineArn === undefined)
      throw errors.validation('Must provide a StateMachine ARN or MapRun ARN');
    const machine = requireMachine(ctx, input.stateMachineArn);
    const scope = `executions|${machine.arn}|${input.statusFilter ?? ''}`;
    const before = decodeToken(input.nextToken, scope);
    const matching = ctx.store
      .executionsOf(machine.arn)
      .filter((e) => input.statusFilter === undefined || e.status === input.statusFilter)
      .filter((e) => before === undefined || e.seq < Number(before))
      .reverse();
    const page = matching.slice(0, pageSize(input.maxResults));
    const last = page.at(-1);
    return {
      executions: page.map(executionSummary),
      ...(last && matching.length > page.length && { nextToken: encodeToken(scope, last.seq) }),
    };
  },
});
