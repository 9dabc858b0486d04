// State survives a restart from the data directory; a run cut off by the restart is ABORTED, never RUNNING.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVICE_RESTARTED_CAUSE, SERVICE_RESTARTED_ERROR } from '../../../local/stepfunctions/index.js';
import { gate, type Harness, lambdaArn, startHarness } from './sfn-harness.js';

const dirs: string[] = [];
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sfn-data-'));
  dirs.push(dir);
  return dir;
}

const definition = {
  StartAt: 'Do Work',
  States: { 'Do Work': { Type: 'Task', Resource: lambdaArn('WorkFunction'), End: true } },
};

describe('persistence', () => {
  it('reloads machines and executions, and reports a run cut off by a restart as ABORTED', async () => {
    const dir = dataDir();
    const entered = gate();
    const never = gate();
    let block = false;
    const first = await startHarness({
      dataDir: dir,
      taskHandlers: {
        WorkFunction: async () => {
          if (!block) return 'done';
          entered.open();
          return never.promise;
        },
      },
    });
    harnesses.push(first);
    const machineArn = await first.createMachine('durable', definition);
    const finished = await first.client.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: 'finished', input: '{"a":1}' }),
    );
    await first.service.waitForExecution(finished.executionArn!);
    block = true;
    const cut = await first.client.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: 'cut-off' }),
    );
    await entered.promise;
    first.service.flush();
    expect(readdirSync(join(dir, 'executions')).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // A second process on the same directory, as after a crash of the first.
    const second = await startHarness({ dataDir: dir, taskHandlers: { WorkFunction: async () => 'again' } });
    harnesses.push(second);
    const described = await second.client.send(
      new DescribeStateMachineCommand({ stateMachineArn: machineArn }),
    );
    expect(JSON.parse(described.definition!)).toEqual(definition);

    const done = await second.client.send(
      new DescribeExecutionCommand({ executionArn: finished.executionArn }),
    );
    expect(done).toMatchObject({ status: 'SUCCEEDED', input: '{"a":1}', output: '"done"' });

    const aborted = await second.client.send(
      new DescribeExecutionCommand({ executionArn: cut.executionArn }),
    );
    expect(aborted).toMatchObject({
      status: 'ABORTED',
      error: SERVICE_RESTARTED_ERROR,
      cause: SERVICE_RESTARTED_CAUSE,
    });
    expect(aborted.stopDate).toBeInstanceOf(Date);
    const history = await second.client.send(
      new GetExecutionHistoryCommand({ executionArn: cut.executionArn }),
    );
    expect(history.events!.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'ExecutionAborted',
    ]);

    // New executions list after the old ones, and run on the new process.
    const next = await second.client.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: 'after' }),
    );
    expect((await second.service.waitForExecution(next.executionArn!)).output).toBe('"again"');
    const listed = await second.client.send(new ListExecutionsCommand({ stateMachineArn: machineArn }));
    expect(listed.executions!.map((e) => [e.name, e.status])).toEqual([
      ['after', 'SUCCEEDED'],
      ['cut-off', 'ABORTED'],
      ['finished', 'SUCCEEDED'],
    ]);
  });

  it('close() aborts running executions instead of leaving them RUNNING', async () => {
    const dir = dataDir();
    const entered = gate();
    const h = await startHarness({
      dataDir: dir,
      taskHandlers: {
        WorkFunction: () => {
          entered.open();
          return new Promise(() => {});
        },
      },
    });
    const machineArn = await h.createMachine('closing', definition);
    const { executionArn } = await h.client.send(new StartExecutionCommand({ stateMachineArn: machineArn }));
    await entered.promise;
    const outcome = h.service.waitForExecution(executionArn!);
    await h.close();
    expect(await outcome).toMatchObject({ status: 'ABORTED', error: SERVICE_RESTARTED_ERROR });

    const reopened = await startHarness({ dataDir: dir });
    harnesses.push(reopened);
    expect((await reopened.service.waitForExecution(executionArn!)).status).toBe('ABORTED');
  });

  it('skips an unreadable record file and still starts', async () => {
    const dir = dataDir();
    const { writeFileSync } = await import('node:fs');
    const first = await startHarness({ dataDir: dir });
    harnesses.push(first);
    await first.createMachine('survivor', definition);
    first.service.flush();
    writeFileSync(join(dir, 'state-machines', 'broken.json'), '{not json');
    const logged: string[] = [];
    const second = await startHarness({ dataDir: dir, log: (message) => logged.push(message) });
    harnesses.push(second);
    expect(logged.join('\n')).toMatch(/skipped state-machines\/broken\.json/);
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:survivor';
    expect((await second.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).name).toBe(
      'survivor',
    );
  });
});
