// Validates a parsed JSON body against an operation's input shape and decodes blobs, producing
// AWS's exact messages: `1 validation error detected: Value 'X' at 'keySpec' failed to satisfy constraint: ...`.
import { errors } from './errors.js';
import type { InputShape, Shape } from './shapes.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

interface Problem {
  path: string;
  value: unknown;
  constraint: string;
  hideValue: boolean;
}

/** Returns the input with blobs as Buffers, or throws ValidationException / SerializationException. */
export function validateInput(shape: InputShape, body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw errors.serialization('Start of structure or map expected.');
  }
  const problems: Problem[] = [];
  const value = checkStructure(
    shape.members,
    shape.required ?? [],
    body as Record<string, unknown>,
    '',
    problems,
  );
  if (problems.length > 0) {
    const count = problems.length;
    const detail = problems.map(describe).join('; ');
    throw errors.validation(`${count} validation error${count === 1 ? '' : 's'} detected: ${detail}`);
  }
  return value;
}

function describe(problem: Problem): string {
  if (problem.value === undefined || problem.value === null) {
    return `Value null at '${problem.path}' failed to satisfy constraint: ${problem.constraint}`;
  }
  if (problem.hideValue)
    return `Value at '${problem.path}' failed to satisfy constraint: ${problem.constraint}`;
  const shown = Array.isArray(problem.value) ? `[${problem.value.join(', ')}]` : String(problem.value);
  return `Value '${shown}' at '${problem.path}' failed to satisfy constraint: ${problem.constraint}`;
}

function fieldPath(prefix: string, member: string): string {
  const camel = member.charAt(0).toLowerCase() + member.slice(1);
  return prefix ? `${prefix}.${camel}` : camel;
}

function checkStructure(
  members: Readonly<Record<string, Shape>>,
  required: readonly string[],
  input: Record<string, unknown>,
  prefix: string,
  problems: Problem[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of required) {
    if (input[name] === undefined || input[name] === null) {
      problems.push({
        path: fieldPath(prefix, name),
        value: null,
        constraint: 'Member must not be null',
        hideValue: false,
      });
    }
  }
  for (const [name, shape] of Object.entries(members)) {
    const raw = input[name];
    if (raw === undefined || raw === null) continue;
    out[name] = checkValue(shape, raw, fieldPath(prefix, name), problems);
  }
  return out;
}

function typeMismatch(expected: string, raw: unknown): never {
  const found = Array.isArray(raw)
    ? 'Start of list'
    : typeof raw === 'object'
      ? 'Start of structure or map'
      : typeof raw;
  throw errors.serialization(`${found} found where ${expected} was expected.`);
}

function checkValue(shape: Shape, raw: unknown, path: string, problems: Problem[]): unknown {
  switch (shape.kind) {
    case 'string': {
      if (typeof raw !== 'string') typeMismatch('a string', raw);
      const hideValue = shape.sensitive === true;
      if (shape.enum && !shape.enum.includes(raw)) {
        problems.push({
          path,
          value: raw,
          hideValue,
          constraint: `Member must satisfy enum value set: [${shape.enum.join(', ')}]`,
        });
      }
      checkLength(raw.length, shape, path, raw, hideValue, problems);
      if (shape.pattern && raw.length > 0 && !shape.pattern.test(raw)) {
        problems.push({
          path,
          value: raw,
          hideValue,
          constraint: `Member must satisfy regular expression pattern: ${shape.pattern.source}`,
        });
      }
      return raw;
    }
    case 'blob': {
      if (typeof raw !== 'string') typeMismatch('a base64 string', raw);
      if (!BASE64.test(raw) || raw.length % 4 === 1)
        throw errors.serialization(`Value at '${path}' is not valid base64.`);
      const bytes = Buffer.from(raw, 'base64');
      checkLength(bytes.length, shape, path, bytes, true, problems);
      return bytes;
    }
    case 'integer': {
      if (typeof raw !== 'number' || !Number.isInteger(raw)) typeMismatch('an integer', raw);
      if (shape.min !== undefined && raw < shape.min) {
        problems.push({
          path,
          value: raw,
          hideValue: false,
          constraint: `Member must have value greater than or equal to ${shape.min}`,
        });
      }
      if (shape.max !== undefined && raw > shape.max) {
        problems.push({
          path,
          value: raw,
          hideValue: false,
          constraint: `Member must have value less than or equal to ${shape.max}`,
        });
      }
      return raw;
    }
    case 'boolean':
      if (typeof raw !== 'boolean') typeMismatch('a boolean', raw);
      return raw;
    case 'timestamp':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) typeMismatch('a timestamp', raw);
      return Math.round(raw * 1000);
    case 'list': {
      if (!Array.isArray(raw)) typeMismatch('a list', raw);
      checkLength(raw.length, shape, path, raw, false, problems);
      return raw.map((item, index) =>
        checkValue(shape.member, item, `${path}.${index + 1}.member`, problems),
      );
    }
    case 'map': {
      if (typeof raw !== 'object' || Array.isArray(raw)) typeMismatch('a map', raw);
      const entries = Object.entries(raw as Record<string, unknown>);
      if (shape.max !== undefined && entries.length > shape.max) {
        problems.push({
          path,
          value: undefined,
          hideValue: true,
          constraint: `Member must have length less than or equal to ${shape.max}`,
        });
      }
      return Object.fromEntries(
        entries.map(([key, value]) => [
          checkValue(shape.key, key, `${path}.key`, problems),
          checkValue(shape.value, value, `${path}.value`, problems),
        ]),
      );
    }
    case 'structure':
      if (typeof raw !== 'object' || Array.isArray(raw)) typeMismatch('a structure', raw);
      return checkStructure(
        shape.members,
        shape.required ?? [],
        raw as Record<string, unknown>,
        path,
        problems,
      );
  }
}

function checkLength(
  length: number,
  shape: { min?: number; max?: number },
  path: string,
  value: unknown,
  hideValue: boolean,
  problems: Problem[],
): void {
  if (shape.min !== undefined && length < shape.min) {
    problems.push({
      path,
      value,
      hideValue,
      constraint: `Member must have length greater than or equal to ${shape.min}`,
    });
  }
  if (shape.max !== undefined && length > shape.max) {
    problems.push({
      path,
      value,
      hideValue,
      constraint: `Member must have length less than or equal to ${shape.max}`,
    });
  }
}
