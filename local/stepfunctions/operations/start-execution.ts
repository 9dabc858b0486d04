// StartExecution: starts a run. The same name with the same input while that execution is still
// RUNNING returns it again; any other reuse of a name is ExecutionAlreadyExists (StartExecution
// API reference: a closed execution's name is refused regardless of input).
import { randomUUID } from 'node:crypto';
import { executionArn, requireValidName } from '../arns.js';
import { errors } from '../sfn-error.js';
import type { ExecutionRecord } from '../types.js';
import { requireMachine } from './lookup.js';
import { defineOperation, seconds } from './operation.js';

export const startExecution = defineOperation({
  input: {
    stateMachineArn: { type: 'string', required: true, min: 1, max: 256 },
    name: { type: 'string', min: 1, max: 80 },
    input: { type: 'string', max: 262_144 },
    traceHeader: { type: 'string', max: 256 },
  },
  run(ctx, input: { stateMachineArn: string; name?: string; input?: string }) {
    const machine = requireMachine(ctx, input.stateMachineArn);
    const name = input.name ?? randomUUID();
    requireValidName(name);
    const inputText = input.input ?? '{}';
    let parsed: unknown;
    try {
      parsed = JSON.parse(inputText);
    } catch (error) {
      throw errors.invalidExecutionInput((error as Error).message);
    }
    const arn = executionArn(machine.region, machine.account, machine.name, name);
    const existing = ctx.store.execution(arn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === inputText) {
        return { executionArn: arn, startDate: seconds(existing.startDate) };
      }
      throw errors.executionAlreadyExists(arn);
    }
    const compiled = ctx.definitions.compiledFor(machine);
    const execution: ExecutionRecord = {
      arn,
      name,
      stateMachineArn: machine.arn,
      account: machine.account,
      region: machine.region,
      seq: ctx.store.nextSeq(),
      status: 'RUNNING',
      input: inputText,
      startDate: ctx.now(),
      history: [],
    };
    ctx.store.addExecution(execution);
    ctx.runner.start(machine, compiled, execution, parsed);
    return { executionArn: arn, startDate: seconds(execution.startDate) };
  },
});
