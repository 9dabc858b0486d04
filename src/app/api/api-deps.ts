// What the API handlers need: the ports they work through, the guardrails, telemetry and a few settings.
import type { GuardrailRules } from '../../core/guardrails/guardrail-rules.js';
import type { AuditLog } from '../../core/ports/audit-log.js';
import type { Clock } from '../../core/ports/clock.js';
import type { CreationIntentRepository } from '../../core/ports/creation-intent-repository.js';
import type { IdGenerator } from '../../core/ports/id-generator.js';
import type { KeyService } from '../../core/ports/key-service.js';
import type { KeySetRepository } from '../../core/ports/key-set-repository.js';
import type { OperationRepository } from '../../core/ports/operation-repository.js';
import type { WorkflowStarter } from '../../core/ports/workflow-starter.js';
import type { ApiTelemetry } from '../http/telemetry.js';
import type { IdempotencyStore } from './idempotency/idempotency-store.js';

export interface ApiSettings {
  /** The lock the API takes for a new operation; the workflow's first task renews it for longer. */
  readonly lockLeaseMs: number;
  /** How long an idempotency record answers retries. */
  readonly idempotencyTtlMs: number;
  /** How long one attempt holds an idempotency key before a retry may take it over (a crashed attempt). */
  readonly idempotencyLeaseMs: number;
}

export const DEFAULT_API_SETTINGS: ApiSettings = {
  lockLeaseMs: 15 * 60_000,
  idempotencyTtlMs: 24 * 60 * 60_000,
  idempotencyLeaseMs: 60_000,
};

export interface ApiDeps {
  readonly keySets: KeySetRepository;
  readonly operations: OperationRepository;
  readonly audit: AuditLog;
  /** Key sets about to be created (recorded before CreateKey). */
  readonly intents: CreationIntentRepository;
  readonly kms: KeyService;
  readonly workflows: WorkflowStarter;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly guardrails: GuardrailRules;
  /** The control-plane Region (the audit chain this deployment writes). */
  readonly writerRegion: string;
  readonly telemetry: ApiTelemetry;
  readonly settings: ApiSettings;
}
