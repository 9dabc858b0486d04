// Every workflow: one ASL file, one STANDARD state machine filling each placeholder, logged, traced, alarmed,
// invoking exactly its task functions; the local stack registers the same machines from the same files.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createLocalWorkflows,
  DRIFT_SCAN_WORKFLOW,
} from '../../../local/workflows/create-local-workflows.js';
import { WORKFLOW_NAMES } from '../../../src/core/ports/workflow-starter.js';
import {
  functions,
  getAtt,
  placeholders,
  REPO_ROOT,
  refName,
  resourcesOfType,
  stateMachines,
  template,
} from './template-model.js';

const machines = stateMachines();
const aslFiles = readdirSync(join(REPO_ROOT, 'statemachines'))
  .filter((name) => name.endsWith('.asl.json'))
  .sort();

function pascal(kebab: string): string {
  return kebab.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
}

type State = { Type?: string; Resource?: string; TimeoutSeconds?: number; [key: string]: unknown };

/** Every Task state of a definition, nested Map/Parallel states included. */
function taskStates(states: Record<string, State>): State[] {
  return Object.values(states).flatMap((state) => [
    ...(state.Type === 'Task' ? [state] : []),
    ...['Iterator', 'ItemProcessor'].flatMap((key) => {
      const inner = state[key] as { States?: Record<string, State> } | undefined;
      return inner?.States ? taskStates(inner.States) : [];
    }),
    ...((state.Branches as { States: Record<string, State> }[] | undefined) ?? []).flatMap((branch) =>
      taskStates(branch.States),
    ),
  ]);
}

describe('state machines', () => {
  it('one per ASL file: every workflow the API starts (WORKFLOW_NAMES) and the drift scan', () => {
    expect(machines.map((machine) => `${machine.workflow}.asl.json`).sort()).toEqual(aslFiles);
    expect(machines.map((machine) => machine.workflow).sort()).toEqual(
      [...WORKFLOW_NAMES, DRIFT_SCAN_WORKFLOW].sort(),
    );
  });

  it('are what the local stack registers: the same names and definition files', () => {
    const local = createLocalWorkflows({
      kmsEndpoint: 'http://127.0.0.1:9',
      dynamoEndpoint: 'http://127.0.0.1:9',
      tableName: 'KeysTable',
    });
    const registered: Record<string, string> = {};
    local.register({
      registerStateMachine(name, definition) {
        registered[name] = definition;
        return { stateMachineArn: `arn:aws:states:us-east-1:111122223333:stateMachine:${name}` };
      },
    });
    expect(Object.keys(registered).sort()).toEqual(machines.map((machine) => machine.workflow).sort());
    for (const machine of machines) {
      expect(registered[machine.workflow], machine.workflow).toBe(machine.definition);
      for (const name of placeholders(machine.definition)) expect(local.substitutions).toHaveProperty(name);
    }
    const invoked = new Set(machines.flatMap((machine) => machine.invokePolicyFunctions));
    expect(Object.keys(local.taskHandlers).sort()).toEqual([...invoked].sort());
  });

  describe.each(machines.map((machine) => [machine.logicalId, machine] as const))(
    '%s',
    (logicalId, machine) => {
      const properties = machine.properties;

      it('is named after its file, <stack>-<workflow> (the API starts <prefix><workflow>)', () => {
        expect(logicalId).toBe(`${pascal(machine.workflow)}StateMachine`);
        expect(machine.definitionUri).toBe(`statemachines/${machine.workflow}.asl.json`);
        expect(properties.Name).toEqual({ 'Fn::Sub': `\${AWS::StackName}-${machine.workflow}` });
        expect(properties.Type).toBe('STANDARD');
      });

      it('fills every placeholder with a function ARN, and no substitution is unused', () => {
        expect(Object.keys(machine.substitutions).sort()).toEqual(placeholders(machine.definition));
        for (const [name, value] of Object.entries(machine.substitutions)) {
          const target = getAtt(value);
          expect(target, name).toEqual([name.replace(/Arn$/, ''), 'Arn']);
          expect(template.Resources[target![0]]?.Type, `${name} names a function`).toBe(
            'AWS::Serverless::Function',
          );
        }
      });

      it('may invoke exactly the functions it calls', () => {
        const called = Object.values(machine.substitutions).map((value) => getAtt(value)?.[0]);
        expect([...machine.invokePolicyFunctions].sort()).toEqual([...called].sort());
      });

      it('logs to its own log group and is traced', () => {
        const logging = properties.Logging as {
          Level?: string;
          Destinations?: { CloudWatchLogsLogGroup?: { LogGroupArn?: unknown } }[];
        };
        expect(['ALL', 'ERROR', 'FATAL']).toContain(logging?.Level);
        const group = getAtt(logging.Destinations?.[0]?.CloudWatchLogsLogGroup?.LogGroupArn);
        expect(template.Resources[group?.[0] ?? '']?.Type).toBe('AWS::Logs::LogGroup');
        expect(properties.Tracing).toEqual({ Enabled: true });
      });

      it('has an alarm on failed executions', () => {
        const alarms = resourcesOfType('AWS::CloudWatch::Alarm').filter(([, alarm]) => {
          const props = alarm.Properties ?? {};
          const dimensions = (props.Dimensions ?? []) as { Name: string; Value: unknown }[];
          return (
            props.Namespace === 'AWS/States' &&
            props.MetricName === 'ExecutionsFailed' &&
            dimensions.some(
              (dimension) => dimension.Name === 'StateMachineArn' && refName(dimension.Value) === logicalId,
            )
          );
        });
        expect(alarms).toHaveLength(1);
      });

      it('gives each task function a timeout below the longest Task timeout that waits for it', () => {
        const tasks = taskStates(JSON.parse(machine.definition).States);
        expect(tasks.length).toBeGreaterThan(0);
        const longest = new Map<string, number>();
        for (const task of tasks) {
          const name = /^\$\{(\w+)Arn\}$/.exec(task.Resource ?? '')?.[1] ?? String(task.Resource);
          expect(task.TimeoutSeconds, `${name}: Task TimeoutSeconds`).toBeGreaterThan(0);
          longest.set(name, Math.max(longest.get(name) ?? 0, task.TimeoutSeconds ?? 0));
        }
        for (const [name, seconds] of longest) {
          const fn = functions.find((candidate) => candidate.logicalId === name);
          expect(fn, `Task resource ${name}`).toBeDefined();
          expect(Number(fn!.resource.Properties?.Timeout ?? 3), `${name} Timeout`).toBeLessThan(seconds);
        }
      });
    },
  );
});
