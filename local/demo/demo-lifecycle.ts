// The second half of the demo's story: promotion, rotation, drift found and repaired, ordered deletion
// carried to its end on the emulator's clock, and the audit trail with its hash chain verified.
import { DeleteAliasCommand, DescribeKeyCommand } from '@aws-sdk/client-kms';
import type { AcceptedView, AuditListView, DriftView } from '../../cli/format/views.js';
import type { DemoClient } from './demo-client.js';
import { ALIASES, liveKey, PRIMARY, REPLICAS, type Say } from './demo-story.js';

const ALL = [PRIMARY, ...REPLICAS];
const DAY = 24 * 3600;
const keyPath = (keyId: string, rest = '') => `/keys/${keyId}${rest}`;

export async function promote(client: DemoClient, say: Say, keyId: string, region: string): Promise<void> {
  say(`Promote ${region} to primary (say ${PRIMARY} is going away)`);
  const { body } = await client.api.request<AcceptedView>('POST', keyPath(keyId, '/primary'), {
    body: { region },
  });
  await client.settle(body.operation);
  const key = await liveKey(client, keyId);
  say(
    `  -> primary is now ${key.primaryRegion}; ${ALL.map((name) => `${name} ${key.regions[name]?.role}`).join(', ')}`,
  );
}

export async function rotate(client: DemoClient, say: Say, keyId: string): Promise<void> {
  say('Rotate the key material on demand and check every Region has the new material');
  const before = await liveKey(client, keyId);
  const { body } = await client.api.request<AcceptedView>('POST', keyPath(keyId, '/rotations'), { body: {} });
  await client.settle(body.operation);
  const after = await liveKey(client, keyId);
  for (const region of ALL) {
    say(
      `  -> ${region.padEnd(15)} ${before.regions[region]?.currentKeyMaterialId?.slice(0, 12)} -> ${after.regions[region]?.currentKeyMaterialId?.slice(0, 12)}`,
    );
  }
}

export async function driftAndRepair(client: DemoClient, say: Say, keyId: string): Promise<void> {
  const alias = ALIASES[1]!;
  say(`Drift: delete ${alias} in ap-southeast-2 straight in KMS, behind the control plane's back`);
  await client.kms('ap-southeast-2').send(new DeleteAliasCommand({ AliasName: alias }));
  const drift = (await client.api.get<DriftView>(keyPath(keyId, '/drift'), { live: true })).body;
  say(`  -> drift check: ${drift.status}`);
  for (const finding of drift.findings) say(`     ${finding.region} ${finding.kind}: ${finding.message}`);
  if (drift.status !== 'Drifted') throw new Error('The deleted alias was not detected as drift');
  say('Repair it: reconcile');
  const { body } = await client.api.request<AcceptedView>('POST', keyPath(keyId, '/reconcile'), { body: {} });
  await client.settle(body.operation);
  const again = (await client.api.get<DriftView>(keyPath(keyId, '/drift'), { live: true })).body;
  say(`  -> drift check: ${again.status}`);
}

export async function deleteInOrder(
  client: DemoClient,
  say: Say,
  keyIds: readonly string[],
  advanceClock: boolean,
): Promise<void> {
  say('Delete the key sets in order: replicas first, the primary waits in PendingReplicaDeletion');
  for (const keyId of keyIds) {
    const { body } = await client.api.request<AcceptedView>('DELETE', keyPath(keyId), {
      query: { pendingWindowInDays: 7 },
    });
    await client.settle(body.operation);
  }
  await showStates(client, say, keyIds[0]!);
  if (!(await client.isEmulator())) {
    say('  (not the local emulator: the deletion now runs on real time, 7 days and more)');
    return;
  }
  if (!advanceClock) {
    say('  (the demo did not start this stack, so it leaves its clock alone: the replicas are deleted when');
    say(
      '   their 7-day window ends, then the primary after its own; `--advance-clock` moves the clock instead)',
    );
    return;
  }
  say('Advance the emulator clock 7 days: the replicas are deleted, the primary starts its own window');
  await client.advanceClock(7 * DAY + 60);
  await showStates(client, say, keyIds[0]!);
  say('Advance 7 more days: the primary is deleted too');
  await client.advanceClock(7 * DAY + 60);
  await showStates(client, say, keyIds[0]!);
}

async function showStates(client: DemoClient, say: Say, keyId: string): Promise<void> {
  const states = await Promise.all(
    ALL.map(async (region) => {
      try {
        const { KeyMetadata } = await client.kms(region).send(new DescribeKeyCommand({ KeyId: keyId }));
        return `${region} ${KeyMetadata?.KeyState}`;
      } catch (error) {
        if ((error as Error).name === 'NotFoundException') return `${region} Deleted`;
        throw error;
      }
    }),
  );
  say(`  -> ${states.join(', ')}`);
}

export async function auditTrail(client: DemoClient, say: Say, keyId: string): Promise<void> {
  say('The audit trail of the key set, with its hash chain verified');
  const { body } = await client.api.get<AuditListView>(keyPath(keyId, '/audit'), {
    verify: true,
    limit: 100,
  });
  const counts = new Map<string, number>();
  for (const event of body.items) counts.set(event.action, (counts.get(event.action) ?? 0) + 1);
  say(
    `  -> ${body.items.length} events: ${[...counts].map(([action, count]) => `${action} x${count}`).join(', ')}`,
  );
  const verification = body.verification;
  if (verification?.valid !== true)
    throw new Error(`The audit chain does not verify: ${JSON.stringify(verification)}`);
  say(`  -> chain verified: ${verification.chains.length} chain(s), no broken link`);
}
