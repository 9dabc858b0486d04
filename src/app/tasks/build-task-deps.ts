// Composition root of the workflow tasks: real adapters from the configuration (one set per container).

import { randomBytes } from 'node:crypto';
import { createDocumentClient } from '../../adapters/aws/clients.js';
import { createDynamoStore } from '../../adapters/aws/dynamodb/dynamo-store.js';
import { KmsKeyService } from '../../adapters/aws/kms/kms-key-service.js';
import type { Clock } from '../../core/ports/clock.js';
import type { KeyService } from '../../core/ports/key-service.js';
import type { Config } from '../config.js';
import { systemClock } from '../system-clock.js';
import { DEFAULT_TASK_SETTINGS, type TaskDeps, type TaskSettings } from './task-deps.js';

export interface TaskDepsOverrides {
  readonly clock?: Clock;
  readonly kms?: KeyService;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** SDK attempts per KMS call (SDK default 3). */
  readonly kmsMaxAttempts?: number;
  readonly settings?: Partial<TaskSettings>;
}

export function buildTaskDeps(
  config: Pick<Config, 'region' | 'keysTableName' | 'endpoints'>,
  overrides: TaskDepsOverrides = {},
): TaskDeps {
  const clock = overrides.clock ?? systemClock;
  const store = createDynamoStore({
    client: createDocumentClient({
      region: config.region,
      endpoint: config.endpoints.dynamodb,
      credentials: overrides.credentials,
    }),
    tableName: config.keysTableName,
    // Tasks never hand page tokens to anyone, so a per-container secret is enough here.
    pageTokenSecret: randomBytes(24).toString('hex'),
    clock,
  });
  const kms =
    overrides.kms ??
    new KmsKeyService({
      endpoint: config.endpoints.kms,
      credentials: overrides.credentials,
      maxAttempts: overrides.kmsMaxAttempts,
    });
  return {
    kms,
    keySets: store.keySets,
    operations: store.operations,
    audit: store.audit,
    clock,
    writerRegion: config.region,
    settings: { ...DEFAULT_TASK_SETTINGS, ...overrides.settings },
  };
}
