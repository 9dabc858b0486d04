// A live read that finds no member left in KMS ends a deletion: PendingDeletion becomes Deleted.
import { auditEventId } from '../../../core/audit/audit-chain.js';
import { ConflictError, PreconditionFailedError } from '../../../core/errors.js';
import { isLocked, type KeySet } from '../../../core/model/key-set.js';
import type { Member } from '../../../core/model/member.js';
import type { RouteContext } from '../routes/route.js';

/**
 * Nothing else notices that KMS deleted every member once the waiting periods passed, so the read that
 * sees it records it (the one write a read makes). `observed` must come from a read of every Region
 * that answered: a Region that failed fails the whole live read, so an empty map means "no key anywhere".
 * Only a set whose deletion finished (PendingDeletion, no operation running) moves; an Active set whose
 * keys vanished is drift for the drift scan. A concurrent change wins: the next read tries again.
 */
export async function markDeletedIfGone(
  context: RouteContext<unknown, unknown, unknown>,
  keySet: KeySet,
  observed: Readonly<Record<string, Member>>,
): Promise<KeySet> {
  const { deps } = context;
  const now = deps.clock.now();
  if (keySet.status !== 'PendingDeletion' || Object.keys(observed).length > 0 || isLocked(keySet, now)) {
    return keySet;
  }
  let deleted: KeySet;
  try {
    deleted = await deps.keySets.update(keySet.keyId, keySet.version, { status: 'Deleted' });
  } catch (error) {
    if (error instanceof PreconditionFailedError || error instanceof ConflictError) return keySet;
    throw error;
  }
  const gone = Object.keys(keySet.members);
  await deps.keySets.recordMembers(keySet.keyId, [], { removeRegions: gone });
  await deps.audit.append({
    eventId: auditEventId(keySet.keyId, 'deleted'),
    keyId: keySet.keyId,
    writerRegion: deps.writerRegion,
    at: now.toISOString(),
    actor: 'system:live-read',
    action: 'KeySetDeleted',
    requestId: context.request.requestId,
    result: 'Succeeded',
    details: { observedBy: context.principal.sub, regions: [...keySet.regions] },
  });
  return { ...deleted, members: {} };
}
