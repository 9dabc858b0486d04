// Every parameter of template.yaml reaches a resource (a setting that changes nothing is a trap), and the
// outputs give the API URL and the ARN of every state machine.
import { describe, expect, it } from 'vitest';
import { refName, stateMachines, template } from './template-model.js';

/** Names a template fragment refers to: Ref targets and ${Name} inside Fn::Sub texts. */
function referencedNames(value: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedNames(item, names);
  } else if (value !== null && typeof value === 'object') {
    const ref = refName(value);
    if (ref !== undefined) names.add(ref);
    const sub = (value as Record<string, unknown>)['Fn::Sub'];
    const text = Array.isArray(sub) ? sub[0] : sub;
    if (typeof text === 'string')
      for (const match of text.matchAll(/\$\{([A-Za-z0-9]+)\}/g)) names.add(match[1]!);
    for (const item of Object.values(value)) referencedNames(item, names);
  }
  return names;
}

describe('template parameters', () => {
  const used = referencedNames([template.Resources, template.Conditions ?? {}, template.Outputs ?? {}]);

  it.each(Object.keys(template.Parameters ?? {}).map((name) => [name] as const))('%s is used', (name) => {
    expect(used.has(name), `parameter ${name} is declared but nothing refers to it`).toBe(true);
  });
});

describe('template outputs', () => {
  const outputs = template.Outputs ?? {};

  it('give the API URL and the table', () => {
    expect(outputs).toHaveProperty('ApiUrl');
    expect(outputs).toHaveProperty('KeysTableName');
    expect(outputs).toHaveProperty('KeysTableArn');
  });

  it.each(stateMachines().map((machine) => [machine.logicalId] as const))(
    'give the ARN of %s',
    (logicalId) => {
      expect(refName(outputs[`${logicalId}Arn`]?.Value)).toBe(logicalId);
    },
  );
});
