// Fake API dependencies: in-memory repositories, a fake KMS, a recording workflow starter, a fixed clock.

import { type ApiDeps, DEFAULT_API_SETTINGS } from '../../../../src/app/api/api-deps.js';
import { InMemoryIdempotencyStore } from '../../../../src/app/api/idempotency/in-memory-idempotency-store.js';
import { type RecordingTelemetry, recordingTelemetry } from '../../../../src/app/http/telemetry.js';
import { FixedClock } from '../../../../src/core/fakes/fixed-clock.js';
import { InMemoryAuditLog } from '../../../../src/core/fakes/in-memory-audit-log.js';
import { InMemoryCreationIntentRepository } from '../../../../src/core/fakes/in-memory-creation-intent-repository.js';
import { InMemoryKeySetRepository } from '../../../../src/core/fakes/in-memory-key-set-repository.js';
import { InMemoryOperationRepository } from '../../../../src/core/fakes/in-memory-operation-repository.js';
import { SequentialIdGenerator } from '../../../../src/core/fakes/sequential-id-generator.js';
import {
  DEFAULT_GUARDRAIL_RULES,
  type GuardrailRules,
} from '../../../../src/core/guardrails/guardrail-rules.js';
import type {
  WorkflowInput,
  WorkflowName,
  WorkflowStarter,
} from '../../../../src/core/ports/workflow-starter.js';
import { FakeKeyService } from './fake-key-service.js';

export class RecordingWorkflowStarter implements WorkflowStarter {
  readonly started: { workflow: WorkflowName; input: WorkflowInput }[] = [];
  /** Set to make the next start fail once (a Step Functions outage). */
  failNext: Error | undefined;

  async start(workflow: WorkflowName, input: WorkflowInput): Promise<{ readonly executionArn: string }> {
    if (this.failNext !== undefined) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    this.started.push({ workflow, input });
    return {
      executionArn: `arn:aws:states:us-east-1:111122223333:execution:${workflow}:${input.operationId}`,
    };
  }
}

export interface FakeApiDeps extends ApiDeps {
  readonly clock: FixedClock;
  readonly kms: FakeKeyService;
  readonly workflows: RecordingWorkflowStarter;
  readonly keySets: InMemoryKeySetRepository;
  readonly operations: InMemoryOperationRepository;
  readonly audit: InMemoryAuditLog;
  readonly intents: InMemoryCreationIntentRepository;
  readonly idempotency: InMemoryIdempotencyStore;
  readonly telemetry: RecordingTelemetry;
}

export function fakeDeps(guardrails: Partial<GuardrailRules> = {}): FakeApiDeps {
  const clock = new FixedClock('2026-01-01T00:00:00.000Z');
  return {
    keySets: new InMemoryKeySetRepository(clock),
    operations: new InMemoryOperationRepository(clock),
    audit: new InMemoryAuditLog(),
    intents: new InMemoryCreationIntentRepository(),
    kms: new FakeKeyService(),
    workflows: new RecordingWorkflowStarter(),
    idempotency: new InMemoryIdempotencyStore(),
    clock,
    ids: new SequentialIdGenerator(),
    guardrails: { ...DEFAULT_GUARDRAIL_RULES, ...guardrails },
    writerRegion: 'us-east-1',
    telemetry: recordingTelemetry(),
    settings: DEFAULT_API_SETTINGS,
  };
}
