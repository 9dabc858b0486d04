// DynamoDB item sizes, computed the way DynamoDB counts them, and the projected size of a key set's item
// once every member Region has been observed (what the workflows will write after the first KMS call).
import { independentPropertiesFor, type KeySet } from '../../../core/model/key-set.js';
import type { Member } from '../../../core/model/member.js';
import { toKeySetItem } from './key-set-item.js';

/** DynamoDB's item size limit: 400 KB, attribute names included. */
export const DYNAMODB_MAX_ITEM_BYTES = 400 * 1024;

/**
 * The size DynamoDB charges an item: every attribute name's UTF-8 length plus its value's size. Strings
 * count their UTF-8 bytes; numbers at most 21 bytes; booleans and null 1; a map or list 3 bytes plus 1 per
 * element, with each map entry's name counted too. This is the documented rule, rounded up where it is vague.
 */
export function dynamoItemBytes(item: Readonly<Record<string, unknown>>): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    total += Buffer.byteLength(name, 'utf8') + valueBytes(value);
  }
  return total;
}

function valueBytes(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'bigint') return 21;
  if (Array.isArray(value)) {
    let total = 3;
    for (const item of value) if (item !== undefined) total += 1 + valueBytes(item);
    return total;
  }
  if (typeof value === 'object') {
    let total = 3;
    for (const [name, item] of Object.entries(value)) {
      if (item !== undefined) total += 1 + Buffer.byteLength(name, 'utf8') + valueBytes(item);
    }
    return total;
  }
  return 0;
}

/** 64 hex digits: a policy hash, a key material id. */
const HASH = 'f'.repeat(64);
const ISO_TIME = '2026-01-01T00:00:00.000Z';
const CONTROL_PLANE_TAG_ALLOWANCE = 'k'.repeat(128);

/**
 * A member as the workflows record it once KMS shows the Region's key with its desired properties: every
 * field the observation can carry, at its longest (key id, ARN, hashes, times), and for every desired alias
 * an alias-target entry too.
 */
export function observedMemberFor(keySet: KeySet, region: string): Member {
  const props = independentPropertiesFor(keySet.desired, region);
  return {
    region,
    arn: `arn:${keySet.partition}:kms:${region}:${keySet.account}:key/${keySet.keyId}`,
    role: 'REPLICA',
    keyState: 'PendingReplicaDeletion',
    enabled: props.enabled,
    primaryRegion: keySet.primaryRegion,
    description: props.description,
    policyHash: HASH,
    // Room for a tag the control plane may keep on the key for itself, at KMS's longest key and value.
    tags: { ...props.tags, [CONTROL_PLANE_TAG_ALLOWANCE]: 'v'.repeat(256) },
    aliases: props.aliases,
    aliasTargets: Object.fromEntries(props.aliases.map((alias) => [alias, keySet.keyId])),
    rotation: { enabled: true, periodInDays: 2560 },
    currentKeyMaterialId: HASH,
    deletionDate: ISO_TIME,
    pendingDeletionWindowInDays: 30,
    observedAt: ISO_TIME,
  };
}

/**
 * The key set's item once every Region in `keySet.regions` is recorded as a member with its desired
 * properties, a lock is held and a drift report without findings is stored: the size the API must be sure
 * of before the first KMS call, since after it the workflows must be able to record what KMS holds.
 */
export function projectedKeySetItemBytes(keySet: KeySet): number {
  const members = Object.fromEntries(
    keySet.regions.map((region) => [region, observedMemberFor(keySet, region)]),
  );
  const projected: KeySet = {
    ...keySet,
    members,
    activeOperationId: `op-${'x'.repeat(60)}`,
    lockExpiresAt: ISO_TIME,
    drift: { status: 'Drifted', findings: [], scannedAt: ISO_TIME },
  };
  return dynamoItemBytes(toKeySetItem(projected));
}
