// Errors workflow tasks throw on purpose, each with a fixed name that ASL Catch rules match on.
import { ConflictError, DependencyError } from '../errors.js';

/** Another operation kept the key set's lock past the waiting deadline. */
export class LockWaitTimedOutError extends ConflictError {
  override get name(): string {
    return 'LockWaitTimedOut';
  }
}

/** A member never reached the awaited state before the polling deadline (replication, promotion, rotation). */
export class MemberWaitTimedOutError extends DependencyError {
  override get name(): string {
    return 'MemberWaitTimedOut';
  }
}

/** The primary is not scheduled for deletion while a replica's scheduling failed (replicas first, primary last). */
export class ReplicasNotScheduledError extends ConflictError {
  override get name(): string {
    return 'ReplicasNotScheduled';
  }
}
