// Alias names: `alias/<name>`, the KMS pattern and length, and the reserved `alias/aws/` prefix.
import { ValidationError } from '../errors.js';

export const ALIAS_NAME_PATTERN = /^alias\/[a-zA-Z0-9:/_-]+$/;
const MAX_ALIAS_LENGTH = 256;

/** Why an alias name is unusable, or undefined when it is fine. `allowReserved` accepts `alias/aws/...` (to name, not create). */
export function aliasNameProblem(
  name: string,
  options: { allowReserved?: boolean } = {},
): string | undefined {
  if (!name.startsWith('alias/')) return 'must start with the prefix "alias/"';
  if (name.length > MAX_ALIAS_LENGTH) return `must be at most ${MAX_ALIAS_LENGTH} characters`;
  if (!ALIAS_NAME_PATTERN.test(name)) return 'may contain only letters, digits and : / _ - after "alias/"';
  if (!options.allowReserved && name.startsWith('alias/aws/'))
    return 'the prefix "alias/aws/" is reserved for AWS managed keys';
  return undefined;
}

export function isAliasName(name: string): boolean {
  return aliasNameProblem(name) === undefined;
}

/** Returns the name unchanged if usable for a customer managed key; throws ValidationError otherwise. */
export function parseAliasName(name: string): string {
  const problem = aliasNameProblem(name);
  if (problem !== undefined) {
    throw new ValidationError(`Invalid alias name ${JSON.stringify(name)}: ${problem}`, {
      details: { aliasName: name },
    });
  }
  return name;
}
