// Composition root of the drift scan: rate-limited KMS, CloudTrail, DynamoDB, Step Functions, metrics, logs.
import { randomBytes } from 'node:crypto';
import { createDocumentClient } from '../../adapters/aws/clients.js';
import { CloudTrailKmsEventLog } from '../../adapters/aws/cloudtrail/cloudtrail-kms-event-log.js';
import { createDynamoStore } from '../../adapters/aws/dynamodb/dynamo-store.js';
import { KmsKeyService } from '../../adapters/aws/kms/kms-key-service.js';
import { KmsRateLimiter } from '../../adapters/aws/kms/kms-rate-limiter.js';
import { RateLimitedKmsClientPool } from '../../adapters/aws/kms/rate-limited-kms-client-pool.js';
import { SfnWorkflowStarter } from '../../adapters/aws/sfn/sfn-workflow-starter.js';
import type { Clock } from '../../core/ports/clock.js';
import type { KmsEventLog } from '../../core/ports/kms-event-log.js';
import type { WorkflowStarter } from '../../core/ports/workflow-starter.js';
import { ConfigError } from '../config.js';
import { systemClock } from '../system-clock.js';
import type { DriftConfig } from './drift-config.js';
import type { DriftDeps, DriftSettings } from './drift-deps.js';
import { type DriftLogger, powertoolsDriftLogger } from './drift-logger.js';
import { type DriftMetrics, powertoolsDriftMetrics } from './drift-metrics.js';

export interface DriftDepsOverrides {
  readonly clock?: Clock;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly workflows?: WorkflowStarter;
  readonly trail?: KmsEventLog;
  readonly metrics?: DriftMetrics;
  readonly logger?: DriftLogger;
  /** Requests per second per operation (default the AWS table); the emulator's scaled quotas in benchmarks. */
  readonly quotas?: Readonly<Record<string, number>>;
  readonly limiter?: KmsRateLimiter;
  readonly settings?: Partial<DriftSettings>;
}

export function buildDriftDeps(config: DriftConfig, overrides: DriftDepsOverrides = {}): DriftDeps {
  const { base } = config;
  const clock = overrides.clock ?? systemClock;
  const credentials = overrides.credentials;
  const store = createDynamoStore({
    client: createDocumentClient({ region: base.region, endpoint: base.endpoints.dynamodb, credentials }),
    tableName: base.keysTableName,
    // The scan hands no page token to anyone: a per-container secret is enough.
    pageTokenSecret: randomBytes(24).toString('hex'),
    clock,
  });
  const limiter =
    overrides.limiter ??
    new KmsRateLimiter({
      fraction: config.quotaFraction,
      ...(overrides.quotas && { quotas: overrides.quotas }),
    });
  const kms = new KmsKeyService(
    new RateLimitedKmsClientPool({ limiter, endpoint: base.endpoints.kms, credentials }),
  );
  return {
    kms,
    keySets: store.keySets,
    operations: store.operations,
    audit: store.audit,
    intents: store.intents,
    workflows: overrides.workflows ?? workflowStarter(config, credentials),
    trail:
      overrides.trail ??
      new CloudTrailKmsEventLog({ endpoint: config.cloudTrailEndpoint, ...(credentials && { credentials }) }),
    clock,
    writerRegion: base.region,
    allowedRegions: base.allowedRegions,
    metrics: overrides.metrics ?? powertoolsDriftMetrics(),
    logger: overrides.logger ?? powertoolsDriftLogger(base.logLevel),
    settings: { ...config.settings, ...overrides.settings },
  };
}

function workflowStarter(
  config: DriftConfig,
  credentials: DriftDepsOverrides['credentials'],
): WorkflowStarter {
  const prefix = config.base.stateMachineArnPrefix;
  if (prefix === undefined) throw new ConfigError(['STATE_MACHINE_ARN_PREFIX is required but not set']);
  return new SfnWorkflowStarter({
    stateMachineArn: SfnWorkflowStarter.arnsFromPrefix(prefix),
    clientConfig: {
      region: config.base.region,
      ...(config.base.endpoints.stepFunctions !== undefined && {
        endpoint: config.base.endpoints.stepFunctions,
      }),
      ...(credentials !== undefined && { credentials }),
    },
  });
}
