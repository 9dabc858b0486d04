// Checks a request body against an operation's input shape the way AWS JSON services do: a value of
// the wrong JSON type is a SerializationException; a missing or out-of-range member is a
// ValidationException listing every problem in AWS's wording.
import { errors } from './sfn-error.js';

export type FieldRule =
  | { type: 'string'; required?: boolean; min?: number; max?: number; enum?: readonly string[] }
  | { type: 'integer'; required?: boolean; min?: number; max?: number }
  | { type: 'boolean'; required?: boolean }
  | { type: 'object'; required?: boolean }
  | { type: 'list'; required?: boolean };

export type InputShape = Readonly<Record<string, FieldRule>>;

export function checkInput(shape: InputShape, body: Record<string, unknown>): void {
  const problems: string[] = [];
  for (const [field, rule] of Object.entries(shape)) {
    const value = body[field];
    if (value === undefined || value === null) {
      if (rule.required)
        problems.push(`Value null at '${field}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    if (!hasType(rule, value)) {
      throw errors.serialization(`Unexpected value type for '${field}': expected ${rule.type}`);
    }
    const problem = constraintProblem(rule, value);
    if (problem)
      problems.push(`Value ${shown(value)} at '${field}' failed to satisfy constraint: ${problem}`);
  }
  if (problems.length > 0) {
    const count = problems.length === 1 ? '1 validation error' : `${problems.length} validation errors`;
    throw errors.validation(`${count} detected: ${problems.join('; ')}`);
  }
}

function hasType(rule: FieldRule, value: unknown): boolean {
  switch (rule.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    case 'list':
      return Array.isArray(value);
  }
}

function constraintProblem(rule: FieldRule, value: unknown): string | undefined {
  if (rule.type === 'string') {
    const text = value as string;
    if (rule.min !== undefined && text.length < rule.min)
      return `Member must have length greater than or equal to ${rule.min}`;
    if (rule.max !== undefined && text.length > rule.max)
      return `Member must have length less than or equal to ${rule.max}`;
    if (rule.enum && !rule.enum.includes(text))
      return `Member must satisfy enum value set: [${rule.enum.join(', ')}]`;
  }
  if (rule.type === 'integer') {
    const number = value as number;
    if (rule.min !== undefined && number < rule.min)
      return `Member must have value greater than or equal to ${rule.min}`;
    if (rule.max !== undefined && number > rule.max)
      return `Member must have value less than or equal to ${rule.max}`;
  }
  return undefined;
}

// Long values (definitions, inputs) are cut in messages, as AWS does not echo them whole either.
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.length > 100 ? `${text.slice(0, 100)}...` : text}'`;
}
