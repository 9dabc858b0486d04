// Every workflow kind cut off by a restart (a KMS call held, then the stack stopped and started on the
// same data) or failed by a Region outage is finished by one POST /keys/{id}/reconcile; KMS and the
// table agree at the end. (Deletions: resume-deletion.test.ts.)
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  ListKeyRotationsCommand,
  ListResourceTagsCommand,
  ReplicateKeyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InterruptionStack, startInterruptionStack } from './interruption-harness.js';

// biome-ignore lint/suspicious/noExplicitAny: API answers are read as loose JSON and checked by expect().
type Json = any;

let harness: InterruptionStack;
let counter = 0;

beforeAll(async () => {
  harness = await startInterruptionStack();
});

afterAll(async () => {
  await harness?.close();
});

async function createKey(replicaRegions: string[]): Promise<string> {
  const created = await harness.call('POST', '/keys', {
    tenant: 'payments',
    primaryRegion: 'us-east-1',
    replicaRegions,
    aliases: [`alias/resume-${++counter}`],
    tags: { team: 'payments' },
  });
  expect((await harness.settle(created)).status).toBe('Succeeded');
  return created.key.keyId;
}

/** Starts a mutation, holds `operation` in `region` as it reaches KMS, restarts; returns the operation id. */
async function interrupt(
  region: string,
  operation: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<string> {
  const held = harness.hold(region, operation);
  const answer = await harness.call(method, path, body);
  expect(answer.httpStatus, JSON.stringify(answer)).toBe(202);
  await held;
  expect(await harness.restart()).toContain(answer.operation.operationId);
  const interrupted = await harness.call('GET', `/operations/${answer.operation.operationId}`);
  expect(interrupted).toMatchObject({ status: 'Failed', error: { code: 'Interrupted' } });
  return answer.operation.operationId;
}

async function reconcile(keyId: string): Promise<Json> {
  const answer = await harness.call('POST', `/keys/${keyId}/reconcile`, {});
  const finished = await harness.settle(answer);
  expect(finished.status, JSON.stringify(finished)).toBe('Succeeded');
  return answer.operation;
}

describe('one reconcile finishes', () => {
  it('a provision whose replica Region was down for the whole retry budget', async () => {
    await harness.fault({ region: 'ap-southeast-2', error: 'unavailable' });
    const created = await harness.call('POST', '/keys', {
      tenant: 'payments',
      primaryRegion: 'us-east-1',
      replicaRegions: ['eu-west-1', 'ap-southeast-2'],
      aliases: ['alias/resume-provision'],
    });
    expect((await harness.settle(created)).status).toBe('PartiallySucceeded');
    await harness.clearFaults();
    const keyId: string = created.key.keyId;
    await reconcile(keyId);
    const key = await harness.expectAgreement(keyId);
    expect(Object.keys(key.regions).sort()).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
  });

  it('a replication cut off at ReplicateKey', async () => {
    const keyId = await createKey([]);
    await interrupt('us-east-1', 'ReplicateKey', 'POST', `/keys/${keyId}/replicas`, {
      regions: ['us-west-2'],
    });
    await reconcile(keyId);
    const key = await harness.expectAgreement(keyId);
    expect(key.regions['us-west-2']).toMatchObject({ role: 'REPLICA', keyState: 'Enabled' });
  });

  it('a property change failed in a Region that was down', async () => {
    const keyId = await createKey(['eu-west-1']);
    await harness.fault({ region: 'eu-west-1', operations: ['TagResource'], error: 'unavailable' });
    const patched = await harness.call('PATCH', `/keys/${keyId}`, {
      tags: { team: 'payments', cost: 'cc-9' },
    });
    expect((await harness.settle(patched)).status).toBe('PartiallySucceeded');
    await harness.clearFaults();
    await reconcile(keyId);
    for (const region of ['us-east-1', 'eu-west-1']) {
      const tags = await harness.kms(region).send(new ListResourceTagsCommand({ KeyId: keyId }));
      expect(tags.Tags, region).toContainEqual({ TagKey: 'cost', TagValue: 'cc-9' });
    }
    await harness.expectAgreement(keyId);
  });

  it('a promotion cut off at UpdatePrimaryRegion', async () => {
    const keyId = await createKey(['eu-west-1']);
    await interrupt('us-east-1', 'UpdatePrimaryRegion', 'POST', `/keys/${keyId}/primary`, {
      region: 'eu-west-1',
    });
    const operation = await reconcile(keyId);
    expect(operation.input).toMatchObject({ resumes: 'Promote', newPrimaryRegion: 'eu-west-1' });
    const key = await harness.expectAgreement(keyId);
    expect(key.primaryRegion).toBe('eu-west-1');
    expect(key.regions['eu-west-1'].role).toBe('PRIMARY');
  });

  it('a rotation cut off at RotateKeyOnDemand rotates once', async () => {
    const keyId = await createKey(['eu-west-1']);
    await interrupt('us-east-1', 'RotateKeyOnDemand', 'POST', `/keys/${keyId}/rotations`, {});
    const operation = await reconcile(keyId);
    expect(operation.input).toMatchObject({ resumes: 'Rotate' });
    const rotations = await harness.kms('us-east-1').send(new ListKeyRotationsCommand({ KeyId: keyId }));
    expect(rotations.Rotations).toHaveLength(1);
    const key = await harness.call('GET', `/keys/${keyId}?live=true`);
    expect(key.regions['eu-west-1'].currentKeyMaterialId).toBe(key.regions['us-east-1'].currentKeyMaterialId);
    await harness.expectAgreement(keyId);
  });

  it('a replica deletion cut off at ScheduleKeyDeletion', async () => {
    const keyId = await createKey(['eu-west-1', 'us-west-2']);
    await interrupt(
      'eu-west-1',
      'ScheduleKeyDeletion',
      'DELETE',
      `/keys/${keyId}/replicas/eu-west-1?pendingWindowInDays=7`,
    );
    const operation = await reconcile(keyId);
    expect(operation.input).toMatchObject({ resumes: 'DeleteReplica', regions: ['eu-west-1'] });
    const key = await harness.expectAgreement(keyId);
    expect(key.regions['eu-west-1'].keyState).toBe('PendingDeletion');
    expect(key.desired.regions.sort()).toEqual(['us-east-1', 'us-west-2']);
    expect((await harness.call('GET', `/keys/${keyId}/drift?live=true`)).status).toBe('InSync');
  });

  it('a cancelled deletion cut off at CancelKeyDeletion, with --enable', async () => {
    const keyId = await createKey(['eu-west-1']);
    const deletion = await harness.call('DELETE', `/keys/${keyId}?pendingWindowInDays=7`);
    expect((await harness.settle(deletion)).status).toBe('Succeeded');
    await interrupt('eu-west-1', 'CancelKeyDeletion', 'POST', `/keys/${keyId}/cancel-deletion`, {
      enable: true,
    });
    const operation = await reconcile(keyId);
    expect(operation.input).toMatchObject({ resumes: 'CancelDeletion', enable: true });
    const key = await harness.expectAgreement(keyId);
    expect(key.status).toBe('Active');
    for (const region of ['us-east-1', 'eu-west-1']) expect(key.regions[region].keyState).toBe('Enabled');
    expect((await harness.call('GET', `/keys/${keyId}/drift?live=true`)).status).toBe('InSync');
  });
});

describe('one reconcile also finishes', () => {
  it('an adoption whose sync failed in a Region that was down', async () => {
    const { KeyMetadata } = await harness
      .kms('us-east-1')
      .send(new CreateKeyCommand({ MultiRegion: true, Description: 'adopted key' }));
    const keyId = KeyMetadata?.KeyId as string;
    await harness
      .kms('us-east-1')
      .send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1', Description: 'stale' }));
    await harness.fault({ region: 'eu-west-1', operations: ['UpdateKeyDescription'], error: 'unavailable' });
    const adopted = await harness.call('POST', '/keys/adopt', {
      keyId,
      region: 'us-east-1',
      tenant: 'payments',
      desiredFrom: 'primary',
    });
    expect((await harness.settle(adopted)).status).not.toBe('Succeeded');
    await harness.clearFaults();
    await reconcile(keyId);
    const replica = await harness.kms('eu-west-1').send(new DescribeKeyCommand({ KeyId: keyId }));
    expect(replica.KeyMetadata?.Description).toBe('adopted key');
    await harness.expectAgreement(keyId);
  });

  it('a member scheduled for deletion behind the control plane (the drift remedy, cancelled)', async () => {
    const keyId = await createKey(['eu-west-1']);
    await harness
      .kms('eu-west-1')
      .send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    const drift = await harness.call('GET', `/keys/${keyId}/drift?live=true`);
    expect(drift.findings).toEqual([
      expect.objectContaining({ kind: 'UnexpectedDeletion', region: 'eu-west-1' }),
    ]);
    // The table still records eu-west-1 Enabled: reconcile decides on what KMS holds now.
    const operation = await reconcile(keyId);
    expect(operation.input).toMatchObject({ regions: ['eu-west-1'], enable: true });
    const key = await harness.expectAgreement(keyId);
    expect(key.regions['eu-west-1'].keyState).toBe('Enabled');
  });
});

describe('cancel-deletion without --enable', () => {
  it('leaves the desired state Disabled, so drift finds nothing to re-enable', async () => {
    const keyId = await createKey(['eu-west-1']);
    const deletion = await harness.call('DELETE', `/keys/${keyId}?pendingWindowInDays=7`);
    expect((await harness.settle(deletion)).status).toBe('Succeeded');
    const cancel = await harness.call('POST', `/keys/${keyId}/cancel-deletion`, { enable: false });
    expect((await harness.settle(cancel)).status).toBe('Succeeded');
    const key = await harness.expectAgreement(keyId);
    expect(key.status).toBe('Active');
    expect(key.desired.enabled).toBe(false);
    for (const region of ['us-east-1', 'eu-west-1']) expect(key.regions[region].keyState).toBe('Disabled');
    const drift = await harness.call('GET', `/keys/${keyId}/drift?live=true`);
    expect(drift.findings).toEqual([]);
    expect(drift.status).toBe('InSync');
  });
});
