// What the drift scan, its remediation and the audit reconciliation need: ports, Regions, metrics, logs, settings.
import type { RemediationPolicy } from '../../core/drift/drift-record.js';
import type { AuditLog } from '../../core/ports/audit-log.js';
import type { Clock } from '../../core/ports/clock.js';
import type { CreationIntentRepository } from '../../core/ports/creation-intent-repository.js';
import type { KeyService } from '../../core/ports/key-service.js';
import type { KeySetRepository } from '../../core/ports/key-set-repository.js';
import type { KmsEventLog } from '../../core/ports/kms-event-log.js';
import type { OperationRepository } from '../../core/ports/operation-repository.js';
import type { WorkflowStarter } from '../../core/ports/workflow-starter.js';
import type { DriftLogger } from './drift-logger.js';
import type { DriftMetrics } from './drift-metrics.js';

export interface DriftSettings {
  /** The policy of key sets that have none of their own. */
  readonly defaultPolicy: RemediationPolicy;
  /** Key sets per scan task invocation (one page of the fleet listing). */
  readonly pageSize: number;
  /** Parallel DynamoDB writes while recording a page. */
  readonly storeConcurrency: number;
  /** How far back a reconciliation reads KMS's events when the execution names no window. */
  readonly lookbackMinutes: number;
  /** Clock difference tolerated when matching KMS events to audited operations. */
  readonly reconcileSlackSeconds: number;
  /** Principal ARN prefixes the control plane calls KMS as; empty: judge by the audit alone (local). */
  readonly controlPlanePrincipals: readonly string[];
  /** Lease of the lock a remediation takes before its workflow renews it. */
  readonly lockLeaseMinutes: number;
  /** A create intent this old has no live request behind it: the scan finishes or drops it. */
  readonly staleCreateMinutes: number;
}

export const DEFAULT_DRIFT_SETTINGS: DriftSettings = {
  defaultPolicy: 'report',
  pageSize: 250,
  storeConcurrency: 16,
  lookbackMinutes: 75,
  reconcileSlackSeconds: 120,
  controlPlanePrincipals: [],
  lockLeaseMinutes: 15,
  staleCreateMinutes: 10,
};

export interface DriftDeps {
  /** Rate-limited per Region and operation (RateLimitedKmsClientPool) in production. */
  readonly kms: KeyService;
  readonly keySets: KeySetRepository;
  readonly operations: OperationRepository;
  readonly audit: AuditLog;
  /** Key sets about to be created: the scan resumes those whose request never came back. */
  readonly intents: CreationIntentRepository;
  readonly workflows: WorkflowStarter;
  readonly trail: KmsEventLog;
  readonly clock: Clock;
  /** The control-plane Region (its audit chain). */
  readonly writerRegion: string;
  /** Regions scanned for unmanaged keys and reconciled with KMS's event log. */
  readonly allowedRegions: readonly string[];
  readonly metrics: DriftMetrics;
  /** Failures the scan survives on purpose (best-effort writes) are logged, not thrown. */
  readonly logger: DriftLogger;
  readonly settings: DriftSettings;
}

/** The actor of everything the scan does on its own. */
export const DRIFT_ACTOR = 'system:drift-scan';
