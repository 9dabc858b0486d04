// The PolicyName member of the key policy operations: optional, and `default` is its only value.
import { errors } from '../protocol/errors.js';
import { str } from '../protocol/shapes.js';

export const policyNameShape = str({ min: 1, max: 128, pattern: /^[\w]+$/ });

export function checkPolicyName(name: string | undefined): void {
  // UNCONFIRMED: AWS's answer to a PolicyName other than `default`; we answer NotFound.
  if (name !== undefined && name !== 'default') throw errors.notFound(`No such policy exists: ${name}`);
}
