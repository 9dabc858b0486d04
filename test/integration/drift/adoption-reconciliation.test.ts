// Unmanaged MRKs reported and adopted with their current properties as desired state, and the audit
// trail reconciled with the emulator's CloudTrail LookupEvents: changes nobody audited are flagged.
import {
  CreateAliasCommand,
  CreateKeyCommand,
  ReplicateKeyCommand,
  ScheduleKeyDeletionCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftAdoptedKeySet } from '../../../src/app/drift/adopt-key-set.js';
import { verifyAuditChains } from '../../../src/core/audit/verify-audit-chains.js';
import { type DriftStack, PRIMARY, startDriftStack } from './drift-harness.js';

let stack: DriftStack;
beforeAll(async () => {
  stack = await startDriftStack();
});
afterAll(() => stack.close());

async function mutationsSince(since: string): Promise<string[]> {
  const { body } = await stack.kms.admin(`/_emulator/events?since=${encodeURIComponent(since)}`);
  return (body as { events: { eventName: string; readOnly: boolean }[] }).events
    .filter((event) => !event.readOnly)
    .map((event) => event.eventName);
}

describe('unmanaged keys and adoption', () => {
  it('reports a set made directly in KMS with 3 replicas, and adopts it as it is', async () => {
    const east = stack.kms.client(PRIMARY);
    const created = await east.send(
      new CreateKeyCommand({
        MultiRegion: true,
        Description: 'legacy',
        Tags: [{ TagKey: 'team', TagValue: 'ops' }],
      }),
    );
    const keyId = created.KeyMetadata?.KeyId as string;
    for (const region of ['eu-west-1', 'us-west-2', 'ap-southeast-2']) {
      await east.send(
        new ReplicateKeyCommand({
          KeyId: keyId,
          ReplicaRegion: region,
          Description: region === 'us-west-2' ? 'legacy (west)' : 'legacy',
          Tags: [
            { TagKey: 'team', TagValue: 'ops' },
            { TagKey: 'site', TagValue: region },
          ],
        }),
      );
    }
    await east.send(new CreateAliasCommand({ AliasName: 'alias/legacy', TargetKeyId: keyId }));
    await stack.kms
      .client('eu-west-1')
      .send(new CreateAliasCommand({ AliasName: 'alias/legacy-eu', TargetKeyId: keyId }));

    const before = await stack.scan();
    const reported = before.unmanaged.findings.filter((item) => item.keyId === keyId);
    expect(reported.map((item) => `${item.kind}@${item.region}`).sort()).toEqual([
      'UnmanagedKey@ap-southeast-2',
      'UnmanagedKey@eu-west-1',
      'UnmanagedKey@us-east-1',
      'UnmanagedKey@us-west-2',
    ]);

    const draft = await draftAdoptedKeySet(
      stack.workflows.driftDeps.kms,
      { keyId, region: 'us-west-2', tenant: 'ops' },
      new Date(),
    );
    expect(draft).toMatchObject({
      primaryRegion: PRIMARY,
      regions: [PRIMARY, 'ap-southeast-2', 'eu-west-1', 'us-west-2'],
      desired: {
        description: 'legacy',
        tags: { team: 'ops' },
        aliases: ['alias/legacy'],
        regionOverrides: {
          'eu-west-1': { aliases: ['alias/legacy-eu'], tags: { site: 'eu-west-1' } },
          'us-west-2': { description: 'legacy (west)', aliases: [], tags: { site: 'us-west-2' } },
        },
      },
    });
    await stack.workflows.deps.keySets.create(draft);
    const adoptedAt = (await stack.kms.admin('/_emulator/health')).body as { time: string };
    const after = await stack.scan();
    expect(after.unmanaged.findings.filter((item) => item.keyId === keyId)).toEqual([]);
    const record = await stack.drift(keyId);
    expect(record.findings).toEqual([]);
    // Adopting changed nothing in KMS: the desired state is what every member already had.
    expect(await mutationsSince(adoptedAt.time)).toEqual([]);
  });
});

describe('reconciliation with KMS events', () => {
  it('flags an out-of-band ScheduleKeyDeletion and UpdatePrimaryRegion, not the control plane own calls', async () => {
    const deleted = await stack.provisioned([PRIMARY, 'eu-west-1']);
    const moved = await stack.provisioned([PRIMARY, 'eu-west-1']);
    await stack.kms
      .client('eu-west-1')
      .send(new ScheduleKeyDeletionCommand({ KeyId: deleted.keyId, PendingWindowInDays: 7 }));
    await stack.kms
      .client(PRIMARY)
      .send(new UpdatePrimaryRegionCommand({ KeyId: moved.keyId, PrimaryRegion: 'eu-west-1' }));
    const output = await stack.scan();
    const mine = output.reconciliation.changes.filter((change) =>
      [deleted.keyId, moved.keyId].includes(change.keyId),
    );
    // The UpdatePrimaryRegion event KMS also leaves in the new primary's Region is its own (invokedBy).
    expect(
      mine
        .map(
          (change) =>
            `${change.eventName}@${change.region}:${change.keyId === moved.keyId ? 'moved' : 'deleted'}`,
        )
        .sort(),
    ).toEqual(['ScheduleKeyDeletion@eu-west-1:deleted', 'UpdatePrimaryRegion@us-east-1:moved']);
    // The adopted set's history from before its adoption, and every provisioning call, are not flagged.
    expect(
      output.reconciliation.changes.every((change) =>
        ['ScheduleKeyDeletion', 'UpdatePrimaryRegion'].includes(change.eventName),
      ),
    ).toBe(true);
    const stored = await stack.drift(moved.keyId);
    expect(stored.outOfBand?.map((change) => change.eventName)).toEqual(['UpdatePrimaryRegion']);
    const audit = (await stack.workflows.deps.audit.listByKey(deleted.keyId, { limit: 1000 })).items;
    expect(audit.filter((event) => event.action === 'OutOfBandChange')).toHaveLength(1);
    expect(verifyAuditChains(audit).valid).toBe(true);
    // A second reconciliation of an overlapping window audits nothing twice.
    await stack.scan();
    const again = (await stack.workflows.deps.audit.listByKey(deleted.keyId, { limit: 1000 })).items;
    expect(again.filter((event) => event.action === 'OutOfBandChange')).toHaveLength(1);
  });
});
