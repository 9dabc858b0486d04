// Tags the control plane puts on KMS keys for itself: reserved, never desired, never drift.

/** Every tag key the control plane reserves starts with this; callers may not use it. */
export const RESERVED_TAG_PREFIX = 'mrk-control-plane:';

/** The operation that created the key: how an interrupted create finds its key again. */
export const CREATED_BY_OPERATION_TAG = `${RESERVED_TAG_PREFIX}operation-id`;

export function isReservedTagKey(key: string): boolean {
  return key.startsWith(RESERVED_TAG_PREFIX);
}

/** The tags as the key set's owner sees them: the control plane's own marks left out. */
export function withoutReservedTags<T extends Readonly<Record<string, string>>>(tags: T): T {
  const kept = Object.create(null) as Record<string, string>;
  let dropped = false;
  for (const [key, value] of Object.entries(tags)) {
    if (isReservedTagKey(key)) dropped = true;
    else kept[key] = value;
  }
  return dropped ? ({ ...kept } as T) : tags;
}
