// What every workflow task needs: the ports it works through and the few settings that tune it.
import type { AuditLog } from '../../core/ports/audit-log.js';
import type { Clock } from '../../core/ports/clock.js';
import type { KeyService } from '../../core/ports/key-service.js';
import type { KeySetRepository } from '../../core/ports/key-set-repository.js';
import type { OperationRepository } from '../../core/ports/operation-repository.js';

export interface TaskSettings {
  /** How long a workflow's lock holds without renewal (a crashed workflow frees the key after this). */
  readonly lockLeaseMinutes: number;
  /** How long a workflow waits for another operation's lock before it gives up. */
  readonly lockWaitMinutes: number;
  /** Seconds between attempts to take a held lock. */
  readonly lockRetrySeconds: number;
  /** ReplicateKey calls per second the fan-out allows in the primary's Region (KMS quota: 5). */
  readonly replicateKeyPerSecond: number;
}

export const DEFAULT_TASK_SETTINGS: TaskSettings = {
  lockLeaseMinutes: 12 * 60,
  lockWaitMinutes: 30,
  lockRetrySeconds: 5,
  replicateKeyPerSecond: 5,
};

export interface TaskDeps {
  readonly kms: KeyService;
  readonly keySets: KeySetRepository;
  readonly operations: OperationRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** The control-plane Region writing audit events (one hash chain per key and writer Region). */
  readonly writerRegion: string;
  readonly settings: TaskSettings;
}
