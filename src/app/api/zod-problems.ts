// Turns zod issues into one ValidationError that names every problem, unknown fields by name.
import type * as z from 'zod';
import { ValidationError } from '../../core/errors.js';

export type InputLocation = 'path' | 'query' | 'body' | 'header';

export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  location: InputLocation,
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw validationErrorOf(parsed.error, location);
}

export function validationErrorOf(error: z.ZodError, location: InputLocation): ValidationError {
  const unknownFields: string[] = [];
  const problems: { path: string; message: string }[] = [];
  for (const issue of error.issues.slice(0, 20)) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const names = issue.keys.map((key) => (path ? `${path}.${key}` : key));
      unknownFields.push(...names);
      problems.push({ path: path || '(root)', message: `unknown field(s): ${names.join(', ')}` });
    } else {
      problems.push({ path: path || '(root)', message: issue.message });
    }
  }
  const summary = problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
  return new ValidationError(`Invalid ${location}: ${summary}`.slice(0, 2000), {
    details: { location, problems, ...(unknownFields.length > 0 && { unknownFields }) },
  });
}
