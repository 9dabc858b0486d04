// Checks shared by the import operations: only EXTERNAL keys take imported material.
import type { ResolvedKey } from '../model/resolve.js';
import { errors } from '../protocol/errors.js';

export function assertExternal({ shared, key }: ResolvedKey): void {
  if (shared.origin !== 'EXTERNAL') {
    throw errors.unsupported(`${key.arn} origin is ${shared.origin} which is not valid for this operation.`);
  }
}
