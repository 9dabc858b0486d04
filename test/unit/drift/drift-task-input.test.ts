import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/app/config.js';
import { loadDriftConfig } from '../../../src/app/drift/drift-config.js';
import { DEFAULT_DRIFT_SETTINGS, type DriftDeps } from '../../../src/app/drift/drift-deps.js';
import { driftTask } from '../../../src/app/drift/drift-task.js';

// Every port throws: a rejected event must be rejected before anything is touched.
const untouchable = new Proxy(
  {},
  {
    get: () => () => {
      throw new Error('must not be called');
    },
  },
);
const deps = {
  kms: untouchable,
  keySets: untouchable,
  operations: untouchable,
  audit: untouchable,
  intents: untouchable,
  workflows: untouchable,
  trail: untouchable,
  clock: { now: () => new Date('2026-01-01T12:00:00Z') },
  writerRegion: 'us-east-1',
  allowedRegions: ['us-east-1'],
  metrics: untouchable,
  settings: DEFAULT_DRIFT_SETTINGS,
} as unknown as DriftDeps;

describe('drift task events', () => {
  it('rejects unknown actions and bad fields with a ValidationError that changes nothing', async () => {
    await expect(driftTask(deps, { action: 'drop-table' })).rejects.toMatchObject({
      code: 'ValidationError',
    });
    await expect(driftTask(deps, { action: 'scan', scanId: '../etc' })).rejects.toMatchObject({
      code: 'ValidationError',
    });
    await expect(
      driftTask(deps, {
        action: 'reconcile',
        scanId: 'scan-20260101000000-abcd',
        window: { startTime: 'x', endTime: 'y' },
      }),
    ).rejects.toMatchObject({ code: 'ValidationError' });
    await expect(driftTask(deps, 'not an object')).rejects.toMatchObject({ code: 'ValidationError' });
  });

  it('names the scan after the execution and opens the reconciliation window before it', async () => {
    const started = await driftTask(deps, {
      action: 'start',
      executionName: 'hourly-1',
      startedAt: '2026-01-01T12:00:00.000Z',
      request: { defaultPolicy: 'auto', lookbackMinutes: 60 },
    });
    expect(started).toMatchObject({
      scanId: expect.stringMatching(/^scan-20260101120000-[0-9a-f]{8}$/),
      window: { startTime: '2026-01-01T11:00:00.000Z', endTime: '2026-01-01T12:00:00.000Z' },
      defaultPolicy: 'auto',
      pageSize: 250,
    });
  });
});

describe('loadDriftConfig', () => {
  const base = {
    AWS_REGION: 'us-east-1',
    KEYS_TABLE_NAME: 'KeysTable',
    ALLOWED_REGIONS: 'us-east-1,eu-west-1',
  };
  it('reads the drift settings with their defaults', () => {
    const config = loadDriftConfig({ ...base, CONTROL_PLANE_PRINCIPALS: 'arn:a, arn:b' });
    expect(config.quotaFraction).toBe(0.5);
    expect(config.settings).toMatchObject({
      defaultPolicy: 'report',
      controlPlanePrincipals: ['arn:a', 'arn:b'],
    });
  });
  it('lists every bad variable at once', () => {
    try {
      loadDriftConfig({ ...base, DRIFT_REMEDIATION_POLICY: 'yolo', DRIFT_QUOTA_FRACTION: '2' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });
});

describe('sample events (events/drift)', () => {
  it.each([
    'start-drift-scan.json',
    'scan-key-sets.json',
    'find-unmanaged-keys.json',
    'reconcile-kms-events.json',
  ])('%s passes validation and reaches the ports', async (file) => {
    const { readFileSync } = await import('node:fs');
    const event = JSON.parse(readFileSync(new URL(`../../../events/drift/${file}`, import.meta.url), 'utf8'));
    const outcome = await driftTask(deps, event).then(
      () => 'answered',
      (error: Error) => error.message,
    );
    // The start step needs no port; every other step is past validation when it touches one.
    expect(['answered', 'must not be called']).toContain(outcome);
  });
});
