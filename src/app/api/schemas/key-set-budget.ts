// The storage budget of a key set: what the API accepts must be recordable in one DynamoDB item, whatever
// the workflows later write into it, so nothing accepted can fail to be recorded after KMS has acted.
import {
  DYNAMODB_MAX_ITEM_BYTES,
  projectedKeySetItemBytes,
} from '../../../adapters/aws/dynamodb/item-size.js';
import { ValidationError } from '../../../core/errors.js';
import type { KeySet } from '../../../core/model/key-set.js';

/**
 * The most a key set's projected item (every member observed with its desired properties, a lock, a drift
 * report) may take: 300 KB of DynamoDB's 400 KB, the rest left for drift findings and out-of-band changes
 * that the scan records in the same item.
 */
export const KEY_SET_ITEM_BUDGET_BYTES = 300 * 1024;

export function keySetBudgetProblem(keySet: KeySet): { message: string; projectedBytes: number } | undefined {
  const projectedBytes = projectedKeySetItemBytes(keySet);
  if (projectedBytes <= KEY_SET_ITEM_BUDGET_BYTES) return undefined;
  return {
    projectedBytes,
    message:
      `the key set would need ${projectedBytes} bytes of storage once every Region's key is recorded ` +
      `(desired state, Region overrides, and each Region's description, tags and aliases); the limit is ` +
      `${KEY_SET_ITEM_BUDGET_BYTES} bytes (DynamoDB items hold at most ${DYNAMODB_MAX_ITEM_BYTES}): use fewer ` +
      `or smaller Region overrides, policies, descriptions, tags or aliases, or fewer Regions`,
  };
}

/** Throws a ValidationError (400) naming the limit when `keySet` could not be recorded. */
export function assertKeySetFits(keySet: KeySet): void {
  const problem = keySetBudgetProblem(keySet);
  if (problem === undefined) return;
  throw new ValidationError(`Invalid body: ${problem.message}`, {
    details: {
      location: 'body',
      rule: 'storageLimit',
      limit: KEY_SET_ITEM_BUDGET_BYTES,
      projectedBytes: problem.projectedBytes,
    },
  });
}

/** The longest values of what the API does not choose from the request (key id, account, times). */
export const PLACEHOLDER_KEY_ID = `mrk-${'f'.repeat(32)}`;
export const PLACEHOLDER_ACCOUNT = '123456789012';
export const PLACEHOLDER_TIME = '2026-01-01T00:00:00.000Z';
