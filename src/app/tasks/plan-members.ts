// Task "Plan ...": find the set's members in KMS (the real primary included) for sync, rotate, promote,
// delete, delete-replica and cancel, check the operation may start, and record a Pending step per member.
import * as z from 'zod';
import { ConflictError, ValidationError } from '../../core/errors.js';
import type { KeySet } from '../../core/model/key-set.js';
import { isPendingDeletion, type Member } from '../../core/model/member.js';
import type { KeyDescription } from '../../core/ports/key-service.js';
import { remainingSoakSeconds, rotatingFromNote } from '../../core/workflows/resume.js';
import { describeRegions } from './describe-regions.js';
import { describedMember } from './member-from-reads.js';
import type { TaskDeps } from './task-deps.js';
import { operationEvent, parseEvent, regionSchema } from './task-event.js';
import { appendAudit, loadKeySetAndOperation, recordStep, setKeySetStatus } from './workflow-records.js';

/** The execution input's optional parameters, checked here once; the plan hands them on normalised. */
const requestSchema = z.object({
  regions: z.array(regionSchema).min(1).max(40).optional(),
  newPrimaryRegion: regionSchema.optional(),
  pendingWindowInDays: z.number().int().min(7).max(30).default(30),
  disableFirst: z.boolean().default(false),
  soakMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(0),
  enable: z.boolean().default(false),
  /** A resumed deletion: the earlier soak is over, or when it began (reconcile passes them on). */
  soakDone: z.boolean().default(false),
  soakStartedAt: z.string().datetime({ offset: true }).optional(),
  /** A resumed rotation: the primary's material when the interrupted rotation planned. */
  materialIdBefore: z.string().min(1).max(64).optional(),
  rotation: z
    .object({ enabled: z.boolean(), periodInDays: z.number().int().min(90).max(2560).optional() })
    .optional(),
});

const schema = operationEvent.extend({
  purpose: z.enum(['sync', 'rotate', 'promote', 'delete', 'delete-replica', 'cancel']),
  /** The execution input as it is (extra fields such as `lock` are ignored). */
  request: requestSchema.default(requestSchema.parse({})),
});

export interface MemberPlan {
  /** The Region KMS reports as primary now (it may differ from the stored one after an outside change). */
  readonly primaryRegion: string;
  /** Member Regions in scope (the primary's included), in name order. */
  readonly regions: readonly string[];
  readonly replicaRegions: readonly string[];
  /** promote: the Region to promote. */
  readonly newPrimaryRegion?: string | undefined;
  /** rotate: the primary's key material before rotating (to tell a rotation that already happened). */
  readonly materialIdBefore?: string;
  /** rotate: automatic-rotation settings to set instead of rotating now (null: rotate now). */
  readonly rotation?: { readonly enabled: boolean; readonly periodInDays?: number | undefined } | null;
  /** delete: the waiting period, whether to disable first, and the soak after disabling (delete-replica: the period). */
  readonly pendingWindowInDays?: number;
  readonly disableFirst?: boolean;
  readonly soakSeconds?: number;
  /** delete: when an earlier attempt's soak began (Disable Member notes it), null when it starts now. */
  readonly soakStartedAt?: string | null;
  /** delete: the primary is already pending deletion (an earlier attempt scheduled it): not again. */
  readonly primaryScheduled?: boolean;
  /** cancel: re-enable every member after cancelling (KMS leaves them Disabled). */
  readonly enable?: boolean;
}

export async function planMembers(deps: TaskDeps, event: unknown): Promise<MemberPlan> {
  const input = parseEvent(schema, event, 'PlanMembers');
  const request = input.request;
  const [keySet, operation] = await loadKeySetAndOperation(deps, input);
  const asked = [
    ...new Set([
      ...(request.regions ?? keySet.regions),
      keySet.primaryRegion,
      ...(request.newPrimaryRegion ? [request.newPrimaryRegion] : []),
    ]),
  ];
  const mustReach =
    input.purpose === 'promote'
      ? [keySet.primaryRegion, ...(request.newPrimaryRegion ? [request.newPrimaryRegion] : [])]
      : [];
  const { found, unreachable } = await describeRegions(deps.kms, keySet.keyId, asked, mustReach);
  const primaryRegion = resolvePrimary(found) ?? keySet.primaryRegion;
  if (input.purpose === 'promote') checkPromotion(found, primaryRegion, request.newPrimaryRegion);
  if (input.purpose === 'delete-replica') checkReplicaDeletion(primaryRegion, request.regions);
  const scope =
    input.purpose === 'promote'
      ? [...new Set([primaryRegion, request.newPrimaryRegion as string])]
      : [...new Set(request.regions ?? keySet.regions)].sort();
  // A resumed deletion: members already pending deletion were scheduled before and are not again.
  const alreadyPending = new Set(
    input.purpose === 'delete'
      ? scope.filter((region) => {
          const member = found.get(region);
          return member !== undefined && isPendingDeletion(member);
        })
      : [],
  );
  // An unreachable Region stays in scope: its own step fails (after retries) without stopping the others.
  const regions = scope.filter(
    (region) => (found.has(region) || unreachable.has(region)) && !alreadyPending.has(region),
  );
  const materialIdBefore = request.materialIdBefore ?? found.get(primaryRegion)?.currentKeyMaterialId ?? '';
  for (const region of scope) {
    const member = found.get(region);
    if (unreachable.has(region)) {
      await recordStep(deps, operation.operationId, region, 'Pending', {
        note: 'KMS did not answer while planning',
      });
    } else if (member !== undefined && alreadyPending.has(region)) {
      // An earlier attempt may have been cut off between KMS and the table: record its state now
      // (from the DescribeKey the plan made; the properties recorded before are kept).
      await recordPendingMember(deps, keySet, member);
      const when = member.deletionDate === undefined ? '' : `, deletion on ${member.deletionDate}`;
      await recordStep(deps, operation.operationId, region, 'Succeeded', {
        note: `Already ${member.keyState}${when} (scheduled earlier; not scheduled again)`,
      });
    } else if (member !== undefined) {
      const rotating = input.purpose === 'rotate' && region === primaryRegion && materialIdBefore !== '';
      await recordStep(deps, operation.operationId, region, 'Pending', {
        ...(rotating && { note: rotatingFromNote(materialIdBefore) }),
      });
    } else {
      await recordStep(deps, operation.operationId, region, 'Skipped', {
        note: `No key of this set exists in ${region}`,
      });
    }
  }
  if (input.purpose === 'delete') await setKeySetStatus(deps, keySet.keyId, 'Deleting');
  const soakSeconds = !request.disableFirst
    ? 0
    : request.soakDone
      ? 0
      : request.soakStartedAt !== undefined
        ? remainingSoakSeconds(request.soakMinutes, request.soakStartedAt, deps.clock.now())
        : request.soakMinutes * 60;
  const plan: MemberPlan = {
    primaryRegion,
    regions,
    replicaRegions: regions.filter((region) => region !== primaryRegion),
    ...(input.purpose === 'promote' && { newPrimaryRegion: request.newPrimaryRegion }),
    ...(input.purpose === 'rotate' && {
      materialIdBefore,
      rotation: request.rotation ?? null,
    }),
    ...(input.purpose === 'delete' && {
      pendingWindowInDays: request.pendingWindowInDays,
      disableFirst: request.disableFirst,
      soakSeconds,
      soakStartedAt: request.disableFirst ? (request.soakStartedAt ?? null) : null,
      primaryScheduled: alreadyPending.has(primaryRegion),
    }),
    ...(input.purpose === 'delete-replica' && { pendingWindowInDays: request.pendingWindowInDays }),
    ...(input.purpose === 'cancel' && { enable: request.enable }),
  };
  await appendAudit(deps, operation, {
    step: `plan-${input.purpose}`,
    action: 'PlanMembers',
    result: 'Succeeded',
    details: {
      purpose: input.purpose,
      primaryRegion,
      regions,
      ...(alreadyPending.size > 0 && { alreadyPendingDeletion: [...alreadyPending] }),
      ...(input.purpose === 'delete' && request.disableFirst && { soakSeconds }),
    },
  });
  return plan;
}

async function recordPendingMember(
  deps: TaskDeps,
  keySet: KeySet,
  description: KeyDescription,
): Promise<void> {
  const observed = describedMember(description, deps.clock.now().toISOString());
  const recorded = keySet.members[description.region];
  const member: Member =
    recorded === undefined
      ? observed
      : {
          ...recorded,
          role: observed.role,
          keyState: observed.keyState,
          enabled: observed.enabled,
          deletionDate: observed.deletionDate,
          pendingDeletionWindowInDays: observed.pendingDeletionWindowInDays,
          observedAt: observed.observedAt,
        };
  await deps.keySets.recordMembers(keySet.keyId, [member]);
}

function resolvePrimary(found: ReadonlyMap<string, KeyDescription>): string | undefined {
  for (const description of found.values()) if (description.role === 'PRIMARY') return description.region;
  // During a promotion every member may read REPLICA (KMS-MRK-SPEC 4); they still name the primary.
  for (const description of found.values()) if (description.primaryRegion) return description.primaryRegion;
  return undefined;
}

/** KMS-MRK-SPEC 15.2: both keys Enabled, the target a replica of this set (already primary is a retry). */
function checkPromotion(
  found: ReadonlyMap<string, KeyDescription>,
  primaryRegion: string,
  newPrimaryRegion: string | undefined,
): void {
  if (newPrimaryRegion === undefined) {
    throw new ValidationError('newPrimaryRegion is required to promote', {
      details: { field: 'newPrimaryRegion' },
    });
  }
  const target = found.get(newPrimaryRegion);
  if (target === undefined) {
    throw new ConflictError(`The key set has no replica in ${newPrimaryRegion} to promote`, {
      details: { region: newPrimaryRegion },
    });
  }
  if (newPrimaryRegion === primaryRegion) return;
  for (const member of [found.get(primaryRegion), target]) {
    if (member !== undefined && member.keyState !== 'Enabled') {
      throw new ConflictError(
        `The key in ${member.region} is ${member.keyState}; UpdatePrimaryRegion needs both keys Enabled`,
        { details: { region: member.region, keyState: member.keyState } },
      );
    }
  }
}

/** delete-replica names its Regions, and never the one KMS says holds the primary. */
function checkReplicaDeletion(primaryRegion: string, regions: readonly string[] | undefined): void {
  if (regions === undefined) {
    throw new ValidationError('regions is required to delete replicas', { details: { field: 'regions' } });
  }
  if (regions.includes(primaryRegion)) {
    throw new ConflictError(
      `${primaryRegion} holds the primary key; promote another Region first, or delete the whole key`,
      { details: { region: primaryRegion } },
    );
  }
}
