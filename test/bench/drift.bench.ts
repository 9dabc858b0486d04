// `npm run bench:drift`: a drift scan of 1,000 key sets x 3 Regions against the KMS emulator (in its own
// process) with quotas on at scale 0.1. Prints the scan's wall time beside the lower bound the quotas
// imply for the calls it made, KMS calls per key set and Region, and throttled calls. Target: within
// 1.25x of the bound, no call failed after retries. Not a timed test: a figure to read.
import '../../local/polyfills.js';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  type KMSClient,
  ReplicateKeyCommand,
} from '@aws-sdk/client-kms';
import { startLocalDynamo } from '../../local/dynamodb/start-local-dynamo.js';
import { KmsRateLimiter } from '../../src/adapters/aws/kms/kms-rate-limiter.js';
import { buildDriftDeps } from '../../src/app/drift/build-drift-deps.js';
import { DEFAULT_DRIFT_SETTINGS } from '../../src/app/drift/drift-deps.js';
import { recordingDriftMetrics } from '../../src/app/drift/drift-metrics.js';
import { findUnmanagedKeysTask } from '../../src/app/drift/find-unmanaged-keys.js';
import { scanKeySets } from '../../src/app/drift/scan-key-sets.js';
import { KMS_MANAGEMENT_QUOTAS } from '../../src/core/kms/request-quotas.js';
import type { PolicyDocument } from '../../src/core/model/tags.js';
import { keySetRecord } from '../helpers/key-set-fixture.js';
import { spawnKms, TEST_CREDENTIALS } from '../helpers/kms.js';

const KEY_SETS = Number(process.env.BENCH_KEY_SETS ?? 1000);
const SCALE = Number(process.env.BENCH_QUOTA_SCALE ?? 0.1);
// The whole (scaled) quota: nothing else calls this emulator. Production defaults to 0.5 (DRIFT_QUOTA_FRACTION).
const FRACTION = Number(process.env.BENCH_QUOTA_FRACTION ?? 1);
const PRIMARY = 'us-east-1';
const REGIONS = [PRIMARY, 'eu-west-1', 'ap-southeast-2'];
const ACCOUNT = '111122223333';

async function pool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index] as T, index);
      }
    }),
  );
}

async function main(): Promise<void> {
  const kms = await spawnKms([]);
  const admin = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${kms.endpoint}${path}`, {
      method,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    }).then((response) => response.json() as Promise<Record<string, unknown>>);
  const dynamo = await startLocalDynamo({ port: 0 });
  const clients = Object.fromEntries(REGIONS.map((region) => [region, kms.client(region)])) as Record<
    string,
    KMSClient
  >;
  try {
    const seeded = Date.now();
    const limiter = new KmsRateLimiter({
      fraction: FRACTION,
      quotas: Object.fromEntries(
        Object.entries(KMS_MANAGEMENT_QUOTAS).map(([name, rate]) => [name, rate * SCALE]),
      ),
    });
    const deps = buildDriftDeps(
      {
        base: {
          region: PRIMARY,
          keysTableName: dynamo.tableNames[0] ?? 'KeysTable',
          allowedRegions: REGIONS,
          stateMachineArnPrefix: undefined,
          jwt: { issuer: undefined, audience: undefined, jwksUrl: undefined },
          endpoints: { kms: kms.endpoint, dynamodb: dynamo.endpoint, stepFunctions: undefined },
          logLevel: 'WARN',
        },
        settings: { ...DEFAULT_DRIFT_SETTINGS, pageSize: 1000, storeConcurrency: 32 },
        quotaFraction: FRACTION,
        cloudTrailEndpoint: kms.endpoint,
      },
      {
        credentials: TEST_CREDENTIALS,
        limiter,
        metrics: recordingDriftMetrics(),
        workflows: { start: () => Promise.reject(new Error('the bench remediates nothing')) },
      },
    );
    // Seeding: quotas off, 1,000 primaries, 2 replicas each, one alias per key per Region.
    let policy: PolicyDocument | undefined;
    const now = new Date().toISOString();
    await pool(
      Array.from({ length: KEY_SETS }, (_, index) => index),
      32,
      async (index) => {
        const east = clients[PRIMARY] as KMSClient;
        const created = await east.send(
          new CreateKeyCommand({
            MultiRegion: true,
            Description: `bench ${index}`,
            Tags: [{ TagKey: 'team', TagValue: 'bench' }],
          }),
        );
        const keyId = created.KeyMetadata?.KeyId as string;
        for (const region of REGIONS.slice(1)) {
          await east.send(
            new ReplicateKeyCommand({
              KeyId: keyId,
              ReplicaRegion: region,
              Description: `bench ${index}`,
              Tags: [{ TagKey: 'team', TagValue: 'bench' }],
            }),
          );
        }
        for (const region of REGIONS) {
          await (clients[region] as KMSClient).send(
            new CreateAliasCommand({ AliasName: `alias/bench-${index}`, TargetKeyId: keyId }),
          );
        }
        policy ??= JSON.parse(await deps.kms.getKeyPolicy(PRIMARY, keyId)) as PolicyDocument;
        const keySet = keySetRecord({
          keyId,
          tenant: 'bench',
          account: ACCOUNT,
          primaryRegion: PRIMARY,
          regions: REGIONS,
          now,
          desired: { description: `bench ${index}`, policy, aliases: [`alias/bench-${index}`] },
        });
        await deps.keySets.create(keySet);
      },
    );
    console.log(
      `seeded ${KEY_SETS} key sets x ${REGIONS.length} Regions in ${((Date.now() - seeded) / 1000).toFixed(1)} s`,
    );

    await admin('/_emulator/quotas', 'PUT', { enabled: true, scale: SCALE });
    const before = limiter.counts();
    const started = performance.now();
    let page: { nextToken?: string | undefined; totals: Record<string, number> } = { totals: {} };
    let pages = 0;
    for (;;) {
      const result = await scanKeySets(deps, { scanId: 'scan-20260101000000-bench', page, pageSize: 1000 });
      pages += 1;
      page = {
        totals: result.totals,
        ...(result.nextToken !== undefined && { nextToken: result.nextToken }),
      };
      if (!result.more) break;
    }
    const scanned = performance.now();
    const unmanaged = await findUnmanagedKeysTask(deps, { scanId: 'scan-20260101000000-bench' });
    const finished = performance.now();
    const quotas = await admin('/_emulator/quotas');

    const counts = limiter.counts();
    const calls: Record<string, number> = {};
    for (const [id, value] of Object.entries(counts.calls)) calls[id] = value - (before.calls[id] ?? 0);
    const accepted = (id: string) => (calls[id] ?? 0) - (counts.throttled[id] ?? 0);
    const bound = (ids: string[]) =>
      Math.max(
        0,
        ...ids.map((id) => {
          const rate = (KMS_MANAGEMENT_QUOTAS[id.split('/')[1] as string] ?? 5) * SCALE;
          return Math.max(0, accepted(id) - Math.max(1, rate)) / rate;
        }),
      );
    const ids = Object.keys(calls);
    const total = ids.reduce((sum, id) => sum + (calls[id] ?? 0), 0);
    const serverThrottled = Object.values((quotas.throttled ?? {}) as Record<string, Record<string, number>>)
      .flatMap((perRegion) => Object.values(perRegion))
      .reduce((sum, value) => sum + value, 0);
    const wall = (finished - started) / 1000;
    const lower = bound(ids);
    console.log(
      `\ndrift scan: ${KEY_SETS} key sets x ${REGIONS.length} Regions, quotas at scale ${SCALE}, client fraction ${FRACTION}, ${pages} page(s)`,
    );
    console.log(`  key-set scan        ${((scanned - started) / 1000).toFixed(2)} s`);
    console.log(`  unmanaged-key scan  ${((finished - scanned) / 1000).toFixed(2)} s`);
    console.log(`  wall time           ${wall.toFixed(2)} s`);
    console.log(
      `  quota lower bound   ${lower.toFixed(2)} s  (ratio ${(wall / lower).toFixed(3)}, target <= 1.25)`,
    );
    console.log(
      `  KMS calls           ${total} (${(total / (KEY_SETS * REGIONS.length)).toFixed(2)} per key set and Region)`,
    );
    for (const id of ids.sort()) {
      const rate = (KMS_MANAGEMENT_QUOTAS[id.split('/')[1] as string] ?? 5) * SCALE;
      console.log(
        `    ${id.padEnd(36)} ${String(calls[id]).padStart(6)}  quota ${rate}/s  bound ${bound([id]).toFixed(2)} s`,
      );
    }
    console.log(
      `  throttled           ${serverThrottled} by the emulator, ${Object.values(counts.throttled).reduce((a, b) => a + b, 0)} retried by the client`,
    );
    console.log(
      `  failed after retries ${page.totals.incomplete ?? 0} key sets incomplete; scanned ${page.totals.keySets ?? 0}, drifted ${page.totals.drifted ?? 0}, unmanaged keys ${unmanaged.count}`,
    );
  } finally {
    await kms.kill();
    await dynamo.close();
  }
}

await main();
