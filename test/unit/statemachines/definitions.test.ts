// Every statemachines/*.asl.json: valid ASL (asl-validator), placeholders known, and the house rules
// of ARCHITECTURE 6 (Retry on transient errors, per-Region Catch, polling waits, the lock released last).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { TASK_FUNCTION_NAMES, taskFunctionArns } from '../../../src/app/tasks/task-functions.js';
import { WORKFLOW_NAMES } from '../../../src/core/ports/workflow-starter.js';

const folder = fileURLToPath(new URL('../../../statemachines/', import.meta.url));
const files = readdirSync(folder)
  .filter((file) => file.endsWith('.asl.json'))
  .sort();
const PLACEHOLDER = /\$\{([^${}\s]+)\}/g;
const substitutions = taskFunctionArns('us-east-1', '123456789012');

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
  it('has one file per workflow of ARCHITECTURE 6', () => {
    expect(files).toEqual(WORKFLOW_NAMES.map((name) => `${name}.asl.json`).sort());
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

    it('names functions only by known placeholders, never by literal ARN', () => {
      const placeholders = [...text.matchAll(PLACEHOLDER)].map((match) => match[1]);
      expect(placeholders.length).toBeGreaterThan(0);
      for (const name of placeholders) expect(TASK_FUNCTION_NAMES.map((fn) => `${fn}Arn`)).toContain(name);
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
});
