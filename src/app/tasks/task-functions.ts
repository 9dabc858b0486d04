// Every workflow task by the logical id of its Lambda function (template.yaml), and the handler map.
import { acquireKeyLock } from './acquire-key-lock.js';
import { applyMemberProperties } from './apply-member-properties.js';
import { cancelMemberDeletion } from './cancel-member-deletion.js';
import { checkKeyMaterial } from './check-key-material.js';
import { describeMember } from './describe-member.js';
import { finishOperation } from './finish-operation.js';
import { planMembers } from './plan-members.js';
import { planReplicationTask } from './plan-replication.js';
import { recordNewPrimary } from './record-new-primary.js';
import { recordRegionResult } from './record-region-result.js';
import { replicateRegion } from './replicate-region.js';
import { rotatePrimary } from './rotate-primary.js';
import { scheduleMemberDeletion } from './schedule-member-deletion.js';
import { setMemberEnabled } from './set-member-enabled.js';
import type { TaskDeps } from './task-deps.js';
import { updatePrimaryRegion } from './update-primary-region.js';

export type Task<R = unknown> = (deps: TaskDeps, event: unknown) => Promise<R>;

/** Logical id -> task. The ASL names each function as `${<LogicalId>Arn}`. */
export const TASK_FUNCTIONS = {
  AcquireKeyLockFunction: acquireKeyLock,
  PlanReplicationFunction: planReplicationTask,
  PlanMembersFunction: planMembers,
  ReplicateRegionFunction: replicateRegion,
  DescribeMemberFunction: describeMember,
  ApplyMemberPropertiesFunction: applyMemberProperties,
  RecordRegionResultFunction: recordRegionResult,
  UpdatePrimaryRegionFunction: updatePrimaryRegion,
  RecordNewPrimaryFunction: recordNewPrimary,
  RotatePrimaryFunction: rotatePrimary,
  CheckKeyMaterialFunction: checkKeyMaterial,
  ScheduleMemberDeletionFunction: scheduleMemberDeletion,
  SetMemberEnabledFunction: setMemberEnabled,
  CancelMemberDeletionFunction: cancelMemberDeletion,
  FinishOperationFunction: finishOperation,
} as const satisfies Record<string, Task>;

export type TaskFunctionName = keyof typeof TASK_FUNCTIONS;

export const TASK_FUNCTION_NAMES = Object.keys(TASK_FUNCTIONS) as TaskFunctionName[];

/** One `(event) => result` per function, bound to `deps` (what Lambda entries and the local stack run). */
export function createTaskHandlers(
  deps: TaskDeps,
): Record<TaskFunctionName, (event: unknown) => Promise<unknown>> {
  return Object.fromEntries(
    TASK_FUNCTION_NAMES.map((name) => [name, (event: unknown) => TASK_FUNCTIONS[name](deps, event)]),
  ) as Record<TaskFunctionName, (event: unknown) => Promise<unknown>>;
}

/** The `${<LogicalId>Arn}` placeholder values for functions named by their logical id (local stack, tests). */
export function taskFunctionArns(region: string, account: string): Record<string, string> {
  return Object.fromEntries(
    TASK_FUNCTION_NAMES.map((name) => [`${name}Arn`, `arn:aws:lambda:${region}:${account}:function:${name}`]),
  );
}
