// The Lambda shape of a task: config and clients built once per container, errors thrown by name.
import { loadConfig } from '../config.js';
import { buildTaskDeps } from './build-task-deps.js';
import type { TaskDeps } from './task-deps.js';
import type { Task } from './task-functions.js';

let containerDeps: TaskDeps | undefined;

/** The container's task dependencies, made from the environment on first use and then reused. */
export function containerTaskDeps(): TaskDeps {
  containerDeps ??= buildTaskDeps(loadConfig());
  return containerDeps;
}

/**
 * A Lambda handler for `task`. A thrown error reaches Step Functions with its `name` as the error
 * (Lambda's errorType), which Retry and Catch match: KmsThrottled, KmsUnavailable, ConflictError...
 */
export function lambdaTask<R>(
  task: Task<R>,
  deps: TaskDeps = containerTaskDeps(),
): (event: unknown) => Promise<R> {
  return (event) => task(deps, event);
}
