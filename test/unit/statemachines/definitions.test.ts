// Every statemachines/*.asl.json: valid ASL, known placeholders and the house rules of ARCHITECTURE 6; the
// operation workflows take the key lock and end in Finish Operation, the drift scan (no key, no lock) has its own rules.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { readTemplate, templateFunctions } from '../../../scripts/build/template-functions.js';
import { DRIFT_ACTIONS, DRIFT_FUNCTION_NAME } from '../../../src/app/drift/drift-task.js';
import { TASK_FUNCTION_NAMES, taskFunctionArns } from '../../../src/app/tasks/task-functions.js';
import { WORKFLOW_NAMES } from '../../../src/core/ports/workflow-starter.js';

const folder = fileURLToPath(new URL('../../../statemachines/', import.meta.url));
const files = readdirSync(folder)
  .filter((file) => file.endsWith('.asl.json'))
  .sort();
const OPERATION_FILES = WORKFLOW_NAMES.map((name) => `${name}.asl.json`).sort();
const DRIFT_SCAN_FILE = 'drift-scan.asl.json';
const PLACEHOLDER = /\$\{([^${}\s]+)\}/g;
const substitutions: Record<string, string> = {
  ...taskFunctionArns('us-east-1', '123456789012'),
  [`${DRIFT_FUNCTION_NAME}Arn`]: `arn:aws:lambda:us-east-1:123456789012:function:${DRIFT_FUNCTION_NAME}`,
};
/** The functions each definition may name: the workflow tasks, or the drift scan's one function. */
const allowedFunctions = (file: string): readonly string[] =>
  file === DRIFT_SCAN_FILE ? [DRIFT_FUNCTION_NAME] : TASK_FUNCTION_NAMES;
const templateFunctionIds = templateFunctions(readTemplate()).map((fn) => fn.logicalId);

type State = Record<string, unknown> & { Type: string };
type Definition = { StartAt: string; States: Record<string, State> };

function load(file: string): { text: string; definition: Definition } {
  const text = readFileSync(`${folder}${file}`, 'utf8');
  const filled = text.replace(PLACEHOLDER, (whole, key: string) => substitutions[key] ?? whole);
  return { text, definition: JSON.parse(filled) as Definition };
}

/** Every state of a definition, nested Map/Parallel states included, with the path of machines it is in. */
function allStates(definition: Definition, inMap = false): { name: string; state: State; inMap: boolean }[] {
  return Object.entries(definition.States).flatMap(([name, state]) => {
    const nested: { name: string; state: State; inMap: boolean }[] = [];
    const processor = (state.ItemProcessor ?? state.Iterator) as Definition | undefined;
    if (processor) nested.push(...allStates(processor, true));
    for (const branch of (state.Branches as Definition[] | undefined) ?? [])
      nested.push(...allStates(branch, inMap));
    return [{ name, state, inMap }, ...nested];
  });
}

const retryNames = (state: State) =>
  ((state.Retry as { ErrorEquals: string[] }[] | undefined) ?? []).flatMap((retrier) => retrier.ErrorEquals);

describe('state machine definitions', () => {
  it('has one file per workflow of ARCHITECTURE 6: the operation workflows and the drift scan', () => {
    expect(files).toEqual([...OPERATION_FILES, DRIFT_SCAN_FILE].sort());
  });

  describe.each(files)('%s', (file) => {
    const { text, definition } = load(file);
    const states = allStates(definition);

    it('passes asl-validator with ARN and path checks (on a copy: the validator mutates its input)', () => {
      const copy = structuredClone(definition);
      const { isValid, errors } = aslValidator(copy, { checkArn: true, checkPaths: true });
      expect(errors).toEqual([]);
      expect(isValid).toBe(true);
    });

    it('names functions only by known placeholders of functions in template.yaml, never by literal ARN', () => {
      const placeholders = [...text.matchAll(PLACEHOLDER)].map((match) => match[1]);
      expect(placeholders.length).toBeGreaterThan(0);
      const allowed = allowedFunctions(file);
      for (const name of placeholders) expect(allowed.map((fn) => `${fn}Arn`)).toContain(name);
      for (const fn of allowed) expect(templateFunctionIds).toContain(fn);
      expect(text).not.toMatch(/arn:aws[a-z-]*:lambda:/);
    });

    it('has state names unique across the whole definition', () => {
      const names = states.map((entry) => entry.name);
      expect(new Set(names).size).toBe(names.length);
    });

    it('retries every Task on throttling and transient KMS, DynamoDB and Lambda errors, with a timeout', () => {
      for (const { name, state } of states.filter((entry) => entry.state.Type === 'Task')) {
        const retried = retryNames(state);
        for (const error of [
          'KmsThrottled',
          'KmsUnavailable',
          'ThrottledError',
          'DependencyError',
          'Lambda.ServiceException',
        ]) {
          expect(retried, `${name} retries ${error}`).toContain(error);
        }
        expect(state.TimeoutSeconds, name).toBeTypeOf('number');
      }
    });

    it('catches failures per Region inside every Map, so one Region failing lets the others finish', () => {
      const mapTasks = states.filter((entry) => entry.inMap && entry.state.Type === 'Task');
      for (const { name, state } of mapTasks) {
        if (String(state.Resource).includes('RecordRegionResultFunction')) continue;
        // Deliberate: a member that cannot be disabled stops the deletion before anything is scheduled.
        if (name === 'Disable Member') continue;
        expect(state.Catch, `${name} has a Catch`).toBeDefined();
      }
      for (const { state } of states.filter((entry) => entry.state.Type === 'Map')) {
        expect(state.MaxConcurrency).toBeGreaterThanOrEqual(1);
        expect(state.MaxConcurrency).toBeLessThanOrEqual(10);
      }
    });

    it('waits only by computed durations (polling with a deadline, lock retries, rate slots, soak)', () => {
      for (const { name, state } of states.filter((entry) => entry.state.Type === 'Wait')) {
        expect(state.SecondsPath, `${name} uses SecondsPath`).toBeTypeOf('string');
      }
    });

    it('gives every Choice a Default', () => {
      for (const { name, state } of states.filter((entry) => entry.state.Type === 'Choice')) {
        expect(state.Default, name).toBeTypeOf('string');
      }
    });
  });

  describe.each(OPERATION_FILES)('%s (a per-key operation workflow)', (file) => {
    const { definition } = load(file);

    it('starts by taking the lock and ends every path through Finish Operation', () => {
      expect(definition.StartAt).toBe('Acquire Key Lock');
      const top = definition.States;
      const finishers = Object.entries(top).filter(([, state]) =>
        String(state.Resource).includes('FinishOperationFunction'),
      );
      expect(finishers.map(([name]) => name).sort()).toEqual(['Finish After Failure', 'Finish Operation']);
      // The only terminal states are the ones after finishing.
      const terminal = Object.entries(top)
        .filter(([, state]) => state.End === true || state.Type === 'Succeed' || state.Type === 'Fail')
        .map(([name]) => name)
        .sort();
      expect(terminal).toEqual(['Operation Done', 'Operation Failed', 'Operation Not Recorded']);
      // Every top-level Catch goes to a finishing or recording state, never to an end.
      for (const [name, state] of Object.entries(top)) {
        for (const rule of (state.Catch as { Next: string }[] | undefined) ?? []) {
          expect(rule.Next, name).toMatch(/^(Finish After Failure|Record .+|Operation Not Recorded)$/);
        }
      }
    });
  });

  describe(DRIFT_SCAN_FILE, () => {
    const { definition } = load(DRIFT_SCAN_FILE);
    const top = Object.entries(definition.States);
    const tasks = top.filter(([, state]) => state.Type === 'Task');

    it('is no per-key operation: no lock, no Finish Operation, only the drift function', () => {
      expect(definition.StartAt).toBe('Start Drift Scan');
      expect(allStates(definition).map((entry) => entry.name)).not.toContain('Acquire Key Lock');
      for (const [name, state] of tasks) {
        expect(state.Resource, name).toBe(substitutions[`${DRIFT_FUNCTION_NAME}Arn`]);
      }
    });

    it('runs every step of the drift function once, each Task naming a known action', () => {
      const actions = tasks.map(
        ([, state]) => (state.Parameters as { action?: unknown } | undefined)?.action,
      );
      expect(actions.sort()).toEqual(Object.keys(DRIFT_ACTIONS).sort());
      expect(top.find(([name]) => name === definition.StartAt)?.[1].Parameters).toMatchObject({
        action: 'start',
      });
    });

    it('ends in a summary or in a Fail state, and every Catch goes to a state of the machine', () => {
      const terminal = top
        .filter(([, state]) => state.End === true || state.Type === 'Succeed' || state.Type === 'Fail')
        .map(([name, state]) => `${name}:${state.Type}`)
        .sort();
      expect(terminal).toEqual(['Drift Scan Failed:Fail', 'Summarise Drift Scan:Pass']);
      for (const [name, state] of top) {
        for (const rule of (state.Catch as { Next: string }[] | undefined) ?? []) {
          expect(Object.keys(definition.States), name).toContain(rule.Next);
        }
      }
    });
  });
});
