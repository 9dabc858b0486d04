// Composition root of the API: real adapters from the configuration, built once per container.

import type { Tracer } from '@aws-lambda-powertools/tracer';
import { createDocumentClient, createSfnClient } from '../../adapters/aws/clients.js';
import { createDynamoStore } from '../../adapters/aws/dynamodb/dynamo-store.js';
import { KeysTable } from '../../adapters/aws/dynamodb/keys-table.js';
import { KmsKeyService } from '../../adapters/aws/kms/kms-key-service.js';
import { SfnWorkflowStarter } from '../../adapters/aws/sfn/sfn-workflow-starter.js';
import type { Clock } from '../../core/ports/clock.js';
import type { KeyService } from '../../core/ports/key-service.js';
import type { WorkflowName, WorkflowStarter } from '../../core/ports/workflow-starter.js';
import { ConfigError } from '../config.js';
import { type ApiTelemetry, powertoolsTelemetry } from '../http/telemetry.js';
import { systemClock } from '../system-clock.js';
import type { ApiConfig } from './api-config.js';
import type { ApiDeps, ApiSettings } from './api-deps.js';
import { DynamoIdempotencyStore } from './idempotency/dynamo-idempotency-store.js';
import { RandomIdGenerator } from './random-id-generator.js';

export interface ApiDepsOverrides {
  readonly clock?: Clock;
  readonly kms?: KeyService;
  readonly workflows?: WorkflowStarter;
  /** The state machine of each workflow (the local stack knows its ARNs); default: prefix + name. */
  readonly stateMachineArn?: (workflow: WorkflowName) => string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly telemetry?: ApiTelemetry;
  /** Traces the handler and the DynamoDB and Step Functions clients (build-traced-api-deps.ts); not with `telemetry`. */
  readonly tracer?: Tracer;
  readonly settings?: Partial<ApiSettings>;
}

/** The Powertools service name of every API function (template.yaml: POWERTOOLS_SERVICE_NAME). */
export const API_SERVICE_NAME = 'mrk-control-plane-api';

export function buildApiDeps(config: ApiConfig, overrides: ApiDepsOverrides = {}): ApiDeps {
  const { base } = config;
  const clock = overrides.clock ?? systemClock;
  const credentials = overrides.credentials;
  const telemetry =
    overrides.telemetry ??
    powertoolsTelemetry({ serviceName: API_SERVICE_NAME, logLevel: base.logLevel, tracer: overrides.tracer });
  const client = createDocumentClient({
    region: base.region,
    endpoint: base.endpoints.dynamodb,
    credentials,
    instrument: instrumentWith(telemetry),
  });
  const store = createDynamoStore({
    client,
    tableName: base.keysTableName,
    pageTokenSecret: config.pageTokenSecret,
    clock,
  });
  const table = new KeysTable({
    client,
    tableName: base.keysTableName,
    pageTokenSecret: config.pageTokenSecret,
  });
  return {
    keySets: store.keySets,
    operations: store.operations,
    audit: store.audit,
    intents: store.intents,
    kms: overrides.kms ?? new KmsKeyService({ endpoint: base.endpoints.kms, credentials }),
    workflows: overrides.workflows ?? workflowStarter(config, overrides, telemetry),
    idempotency: new DynamoIdempotencyStore(table),
    clock,
    ids: new RandomIdGenerator(),
    guardrails: config.guardrails,
    writerRegion: base.region,
    telemetry,
    settings: { ...config.settings, ...overrides.settings },
  };
}

function workflowStarter(
  config: ApiConfig,
  overrides: ApiDepsOverrides,
  telemetry: ApiTelemetry,
): WorkflowStarter {
  const { base } = config;
  const arnOf =
    overrides.stateMachineArn ??
    (base.stateMachineArnPrefix === undefined
      ? undefined
      : SfnWorkflowStarter.arnsFromPrefix(base.stateMachineArnPrefix));
  if (arnOf === undefined) throw new ConfigError(['STATE_MACHINE_ARN_PREFIX is required but not set']);
  const client = createSfnClient({
    region: base.region,
    endpoint: base.endpoints.stepFunctions,
    credentials: overrides.credentials,
    instrument: instrumentWith(telemetry),
  });
  return new SfnWorkflowStarter({ stateMachineArn: arnOf, client });
}

/** Traces the SDK client's calls when this function has a tracer. */
function instrumentWith(telemetry: { tracer?: { captureAWSv3Client<T>(client: T): T } | undefined }) {
  const tracer = telemetry.tracer;
  return tracer ? (client: object) => tracer.captureAWSv3Client(client) : undefined;
}
