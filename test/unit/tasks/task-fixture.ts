// A task test bench: real KmsKeyService over a mocked KMS client (per-Region answers), in-memory stores,
// a fixed clock, and a seeded key set and operation. Sample events come from events/tasks/*.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type KeyMetadata, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { KmsKeyService } from '../../../src/adapters/aws/kms/kms-key-service.js';
import { DEFAULT_TASK_SETTINGS, type TaskDeps } from '../../../src/app/tasks/task-deps.js';
import { FixedClock } from '../../../src/core/fakes/fixed-clock.js';
import type { KeySet } from '../../../src/core/model/key-set.js';
import type { Operation } from '../../../src/core/model/operation.js';
import { keySetRecord, operationRecord } from '../../helpers/key-set-fixture.js';
import {
  InMemoryAuditLog,
  InMemoryKeySetRepository,
  InMemoryOperationRepository,
} from './in-memory-stores.js';

export const KEY_ID = 'mrk-1234abcd12ab34cd56ef1234567890ab';
export const OPERATION_ID = 'op-000001';
export const ACCOUNT = '111122223333';
export const kmsMock = mockClient(KMSClient);

const eventsDir = fileURLToPath(new URL('../../../events/tasks/', import.meta.url));

/** The sample event of a task (events/tasks/<name>.json), with fields overridden. */
export function sampleEvent(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...JSON.parse(readFileSync(`${eventsDir}${name}.json`, 'utf8')), ...overrides };
}

export const arnOf = (region: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/${KEY_ID}`;

/** KeyMetadata of the set's member in `region`, primary in `primary`. */
export function metadata(
  region: string,
  overrides: Partial<KeyMetadata> = {},
  primary = 'us-east-1',
): KeyMetadata {
  return {
    KeyId: KEY_ID,
    Arn: arnOf(region),
    AWSAccountId: ACCOUNT,
    KeyState: 'Enabled',
    Enabled: true,
    MultiRegion: true,
    Description: 'payments data key',
    KeySpec: 'SYMMETRIC_DEFAULT',
    KeyUsage: 'ENCRYPT_DECRYPT',
    Origin: 'AWS_KMS',
    CurrentKeyMaterialId: 'a'.repeat(64),
    MultiRegionConfiguration: {
      MultiRegionKeyType: region === primary ? 'PRIMARY' : 'REPLICA',
      PrimaryKey: { Arn: arnOf(primary), Region: primary },
      ReplicaKeys: [],
    },
    ...overrides,
  };
}

/** The Region of the client a mocked command was sent through. */
export function regionOf(getClient: () => unknown): Promise<string> {
  return (getClient() as KMSClient).config.region();
}

export interface TaskBench {
  deps: TaskDeps;
  clock: FixedClock;
  keySets: InMemoryKeySetRepository;
  operations: InMemoryOperationRepository;
  audit: InMemoryAuditLog;
  keySet: KeySet;
  operation: Operation;
}

export async function taskBench(
  options: { regions?: string[]; operation?: Partial<Operation> } = {},
): Promise<TaskBench> {
  kmsMock.reset();
  const clock = new FixedClock('2026-03-01T12:00:00.000Z');
  const keySets = new InMemoryKeySetRepository(clock);
  const operations = new InMemoryOperationRepository(clock);
  const audit = new InMemoryAuditLog();
  const now = clock.now().toISOString();
  const keySet = await keySets.create(
    keySetRecord({
      keyId: KEY_ID,
      account: ACCOUNT,
      primaryRegion: 'us-east-1',
      regions: options.regions ?? ['us-east-1', 'eu-west-1'],
      now,
      desired: { aliases: ['alias/payments'] },
    }),
  );
  const operation = await operations.create(
    operationRecord({
      operationId: OPERATION_ID,
      type: 'Replicate',
      keyId: KEY_ID,
      now,
      ...options.operation,
    }),
  );
  const deps: TaskDeps = {
    kms: new KmsKeyService({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 }),
    keySets,
    operations,
    audit,
    clock,
    writerRegion: 'us-east-1',
    settings: DEFAULT_TASK_SETTINGS,
  };
  return { deps, clock, keySets, operations, audit, keySet, operation };
}
