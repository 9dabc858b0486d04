// Tasks of promotion and rotation: plan checks, UpdatePrimaryRegion once, recording, rotating once, checking material.
import {
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSInvalidStateException,
  ListAliasesCommand,
  ListResourceTagsCommand,
  RotateKeyOnDemandCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkKeyMaterial } from '../../../src/app/tasks/check-key-material.js';
import { planMembers } from '../../../src/app/tasks/plan-members.js';
import { recordNewPrimary } from '../../../src/app/tasks/record-new-primary.js';
import { rotatePrimary } from '../../../src/app/tasks/rotate-primary.js';
import { updatePrimaryRegion } from '../../../src/app/tasks/update-primary-region.js';
import {
  KEY_ID,
  kmsMock,
  metadata,
  OPERATION_ID,
  regionOf,
  sampleEvent,
  type TaskBench,
  taskBench,
} from './task-fixture.js';

let bench: TaskBench;
beforeEach(async () => {
  bench = await taskBench();
});

const primaryIn = (primary: string, overrides = {}) =>
  kmsMock.on(DescribeKeyCommand).callsFake(async (_input, getClient) => ({
    KeyMetadata: metadata(await regionOf(getClient), overrides, primary),
  }));

describe('planMembers (promote, rotate)', () => {
  it('finds the real primary and refuses a promotion when a key is not Enabled', async () => {
    primaryIn('us-east-1');
    const plan = await planMembers(
      bench.deps,
      sampleEvent('plan-members', { purpose: 'promote', request: { newPrimaryRegion: 'eu-west-1' } }),
    );
    expect(plan).toMatchObject({
      primaryRegion: 'us-east-1',
      newPrimaryRegion: 'eu-west-1',
      regions: ['us-east-1', 'eu-west-1'],
    });
    primaryIn('us-east-1', { KeyState: 'Disabled', Enabled: false });
    await expect(
      planMembers(
        bench.deps,
        sampleEvent('plan-members', { purpose: 'promote', request: { newPrimaryRegion: 'eu-west-1' } }),
      ),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('re-resolves the primary for rotation and hands on its key material', async () => {
    primaryIn('eu-west-1');
    const plan = await planMembers(
      bench.deps,
      sampleEvent('plan-members', { purpose: 'rotate', request: {} }),
    );
    expect(plan).toMatchObject({
      primaryRegion: 'eu-west-1',
      materialIdBefore: 'a'.repeat(64),
      rotation: null,
    });
  });
});

describe('updatePrimaryRegion', () => {
  it('calls UpdatePrimaryRegion in the current primary Region', async () => {
    primaryIn('us-east-1');
    kmsMock.on(UpdatePrimaryRegionCommand).resolves({});
    await expect(updatePrimaryRegion(bench.deps, sampleEvent('update-primary-region'))).resolves.toEqual({
      alreadyUnderWay: false,
    });
    const call = kmsMock.commandCalls(UpdatePrimaryRegionCommand)[0]!;
    expect(call.args[0].input).toEqual({ KeyId: KEY_ID, PrimaryRegion: 'eu-west-1' });
    expect(await regionOf(() => call.thisValue)).toBe('us-east-1');
  });

  it('does not call it again when the target is already primary or the promotion is under way', async () => {
    primaryIn('eu-west-1');
    await expect(updatePrimaryRegion(bench.deps, sampleEvent('update-primary-region'))).resolves.toEqual({
      alreadyUnderWay: true,
    });
    expect(kmsMock.commandCalls(UpdatePrimaryRegionCommand)).toHaveLength(0);
    primaryIn('us-east-1', { KeyState: 'Updating' });
    kmsMock
      .on(UpdatePrimaryRegionCommand)
      .rejects(new KMSInvalidStateException({ message: 'x is updating.', $metadata: {} }));
    await expect(updatePrimaryRegion(bench.deps, sampleEvent('update-primary-region'))).resolves.toEqual({
      alreadyUnderWay: true,
    });
  });
});

describe('recordNewPrimary', () => {
  it('stores both members and the new primary Region', async () => {
    primaryIn('eu-west-1');
    kmsMock.on(GetKeyPolicyCommand).resolves({ Policy: '{}' });
    kmsMock.on(ListResourceTagsCommand).resolves({ Tags: [], Truncated: false });
    kmsMock.on(ListAliasesCommand).resolves({ Aliases: [], Truncated: false });
    kmsMock.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
    await recordNewPrimary(bench.deps, sampleEvent('record-new-primary'));
    const keySet = bench.keySets.items.get(KEY_ID)!;
    expect(keySet.primaryRegion).toBe('eu-west-1');
    expect(keySet.version).toBe(2);
    expect(keySet.members['eu-west-1']?.role).toBe('PRIMARY');
    expect(keySet.members['us-east-1']?.role).toBe('REPLICA');
    expect(bench.operations.items.get(OPERATION_ID)?.regions['us-east-1']).toMatchObject({
      status: 'Succeeded',
      note: 'Now a replica',
    });
  });
});

describe('rotatePrimary and checkKeyMaterial', () => {
  it('rotates on the primary once: not again when the material already moved', async () => {
    primaryIn('us-east-1');
    kmsMock.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
    kmsMock.on(RotateKeyOnDemandCommand).resolves({ KeyId: KEY_ID });
    await expect(rotatePrimary(bench.deps, sampleEvent('rotate-primary'))).resolves.toEqual({
      materialChanges: true,
    });
    expect(kmsMock.commandCalls(RotateKeyOnDemandCommand)).toHaveLength(1);
    primaryIn('us-east-1', { CurrentKeyMaterialId: 'b'.repeat(64) });
    await rotatePrimary(bench.deps, sampleEvent('rotate-primary'));
    expect(kmsMock.commandCalls(RotateKeyOnDemandCommand)).toHaveLength(1);
  });

  it('sets automatic rotation instead when asked, and records every Region', async () => {
    kmsMock.on(EnableKeyRotationCommand).resolves({});
    const event = sampleEvent('rotate-primary', { rotation: { enabled: true, periodInDays: 180 } });
    await expect(rotatePrimary(bench.deps, event)).resolves.toEqual({ materialChanges: false });
    expect(kmsMock.commandCalls(EnableKeyRotationCommand)[0]?.args[0].input).toEqual({
      KeyId: KEY_ID,
      RotationPeriodInDays: 180,
    });
    expect(bench.operations.items.get(OPERATION_ID)?.regions['eu-west-1']?.status).toBe('Succeeded');
  });

  it('is done only when every member shows the same new material', async () => {
    kmsMock.on(DescribeKeyCommand).callsFake(async (_input, getClient) => {
      const region = await regionOf(getClient);
      return {
        KeyMetadata: metadata(region, {
          CurrentKeyMaterialId: (region === 'us-east-1' ? 'b' : 'a').repeat(64),
        }),
      };
    });
    const member = (region: string) => ({
      region,
      arn: `arn:aws:kms:${region}:111122223333:key/${KEY_ID}`,
      role: region === 'us-east-1' ? ('PRIMARY' as const) : ('REPLICA' as const),
      keyState: 'Enabled' as const,
      enabled: true,
      description: '',
      policyHash: '',
      tags: {},
      aliases: [],
      currentKeyMaterialId: 'a'.repeat(64),
      observedAt: '2026-01-01T00:00:00.000Z',
    });
    await bench.keySets.recordMembers(KEY_ID, [member('us-east-1'), member('eu-west-1')]);
    const first = await checkKeyMaterial(bench.deps, sampleEvent('check-key-material'));
    expect(first).toMatchObject({ done: false, attempt: 1 });
    primaryIn('us-east-1', { CurrentKeyMaterialId: 'b'.repeat(64) });
    const second = await checkKeyMaterial(bench.deps, sampleEvent('check-key-material', { poll: first }));
    expect(second.done).toBe(true);
    // The stored members now show the new material (a plain `keys get` right after shows it).
    const stored = await bench.keySets.get(KEY_ID);
    for (const member of Object.values(stored?.members ?? {}))
      expect(member.currentKeyMaterialId, member.region).toBe('b'.repeat(64));
    expect(Object.keys(stored?.members ?? {}).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(bench.operations.items.get(OPERATION_ID)?.regions['eu-west-1']).toMatchObject({
      status: 'Succeeded',
    });
    bench.clock.advance(31 * 60_000);
    kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: metadata('us-east-1') });
    await expect(
      checkKeyMaterial(bench.deps, sampleEvent('check-key-material', { poll: first })),
    ).rejects.toMatchObject({
      name: 'MemberWaitTimedOut',
    });
  });
});
