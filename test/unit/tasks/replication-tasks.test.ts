// Tasks of replication: plan (rate slots, adopt, skip), replicate-or-adopt, the poll check, property sync.
import {
  AlreadyExistsException,
  CreateAliasCommand,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  ListAliasesCommand,
  ListResourceTagsCommand,
  NotFoundException,
  PutKeyPolicyCommand,
  ReplicateKeyCommand,
  TagResourceCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyMemberProperties } from '../../../src/app/tasks/apply-member-properties.js';
import { describeMember } from '../../../src/app/tasks/describe-member.js';
import { planReplicationTask } from '../../../src/app/tasks/plan-replication.js';
import { replicateRegion } from '../../../src/app/tasks/replicate-region.js';
import { canonicalJson } from '../../../src/core/json/canonical-json.js';
import { defaultKeyPolicy } from '../../../src/core/model/tags.js';
import {
  ACCOUNT,
  KEY_ID,
  kmsMock,
  metadata,
  OPERATION_ID,
  regionOf,
  sampleEvent,
  type TaskBench,
  taskBench,
} from './task-fixture.js';

const notFound = () => new NotFoundException({ message: 'Key does not exist', $metadata: {} });
let bench: TaskBench;
beforeEach(async () => {
  bench = await taskBench();
});

describe('planReplicationTask', () => {
  it('spreads ReplicateKey over one-second slots of 5, adopts existing replicas and skips pending ones', async () => {
    const targets = [
      'ap-south-1',
      'ap-southeast-1',
      'ca-central-1',
      'eu-central-1',
      'eu-north-1',
      'eu-west-2',
      'eu-west-3',
    ];
    kmsMock.on(DescribeKeyCommand).callsFake(async (_input, getClient) => {
      const region = await regionOf(getClient);
      if (region === 'us-east-1') return { KeyMetadata: metadata(region) };
      if (region === 'eu-west-1') return { KeyMetadata: metadata(region) };
      if (region === 'sa-east-1')
        return { KeyMetadata: metadata(region, { KeyState: 'PendingDeletion', Enabled: false }) };
      throw notFound();
    });
    const result = await planReplicationTask(
      bench.deps,
      sampleEvent('plan-replication', { request: { regions: [...targets, 'eu-west-1', 'sa-east-1'] } }),
    );
    expect(result.primaryRegion).toBe('us-east-1');
    const delays = Object.fromEntries(result.targets.map((target) => [target.region, target.delaySeconds]));
    expect(delays['eu-west-1']).toBe(0);
    expect(targets.map((region) => delays[region])).toEqual([0, 0, 0, 0, 0, 1, 1]);
    expect(result.targets.map((target) => target.region)).not.toContain('sa-east-1');
    const operation = bench.operations.items.get(bench.operation.operationId)!;
    expect(operation.regions['sa-east-1']).toMatchObject({ status: 'Skipped' });
    expect(operation.regions['ap-south-1']).toMatchObject({ status: 'Pending' });
  });

  it('plans an unreachable target as a replication, but fails when the primary cannot be reached', async () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    kmsMock.on(DescribeKeyCommand).callsFake(async (_input, getClient) => {
      const region = await regionOf(getClient);
      if (region === 'us-east-1') return { KeyMetadata: metadata(region) };
      throw outage;
    });
    const result = await planReplicationTask(bench.deps, sampleEvent('plan-replication'));
    expect(result.targets.map((target) => target.region).sort()).toEqual(['ap-southeast-2', 'eu-west-1']);
    kmsMock.on(DescribeKeyCommand).rejects(outage);
    await expect(planReplicationTask(bench.deps, sampleEvent('plan-replication'))).rejects.toMatchObject({
      name: 'KmsUnavailable',
    });
  });

  it('rejects a bad event before touching anything', async () => {
    await expect(
      planReplicationTask(bench.deps, sampleEvent('plan-replication', { keyId: 'not-a-key' })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    expect(kmsMock.calls()).toHaveLength(0);
  });
});

describe('replicateRegion', () => {
  it('calls ReplicateKey in the primary Region with the desired description, policy and tags', async () => {
    kmsMock.on(DescribeKeyCommand).rejects(notFound());
    kmsMock
      .on(ReplicateKeyCommand)
      .resolves({ ReplicaKeyMetadata: metadata('eu-west-1', { KeyState: 'Creating', Enabled: false }) });
    const result = await replicateRegion(bench.deps, sampleEvent('replicate-region'));
    expect(result).toEqual({ adopted: false, keyState: 'Creating', note: 'Created the replica' });
    // The step shown while it runs does not read as done while the replica is still Creating.
    expect(bench.operations.items.get(OPERATION_ID)?.regions['eu-west-1']).toMatchObject({
      status: 'Running',
      note: 'Created the replica; Creating, waiting until it is usable',
    });
    const call = kmsMock.commandCalls(ReplicateKeyCommand)[0]!;
    expect(await (call.thisValue as { config: { region: () => Promise<string> } }).config.region()).toBe(
      'us-east-1',
    );
    expect(call.args[0].input).toMatchObject({
      KeyId: KEY_ID,
      ReplicaRegion: 'eu-west-1',
      Description: 'payments data key',
      Policy: canonicalJson(defaultKeyPolicy('aws', ACCOUNT)),
      Tags: [{ TagKey: 'team', TagValue: 'payments' }],
    });
    expect(bench.audit.events.map((event) => event.eventId)).toEqual([
      `${bench.operation.operationId}/replicate:eu-west-1`,
    ]);
  });

  it('adopts a replica that is already there without calling ReplicateKey', async () => {
    kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: metadata('eu-west-1') });
    const result = await replicateRegion(bench.deps, sampleEvent('replicate-region'));
    expect(result.adopted).toBe(true);
    expect(kmsMock.commandCalls(ReplicateKeyCommand)).toHaveLength(0);
    // A retry of the same step appends no second audit event.
    await replicateRegion(bench.deps, sampleEvent('replicate-region'));
    expect(bench.audit.events).toHaveLength(1);
    expect(bench.audit.events[0]?.action).toBe('AdoptReplica');
  });

  it('adopts on AlreadyExistsException (a race) and refuses a replica pending deletion', async () => {
    kmsMock
      .on(DescribeKeyCommand)
      .rejectsOnce(notFound())
      .resolves({ KeyMetadata: metadata('eu-west-1', { KeyState: 'Creating', Enabled: false }) });
    kmsMock.on(ReplicateKeyCommand).rejects(new AlreadyExistsException({ message: 'exists', $metadata: {} }));
    await expect(replicateRegion(bench.deps, sampleEvent('replicate-region'))).resolves.toMatchObject({
      adopted: true,
    });
    kmsMock
      .on(DescribeKeyCommand)
      .resolves({ KeyMetadata: metadata('eu-west-1', { KeyState: 'PendingDeletion' }) });
    await expect(replicateRegion(bench.deps, sampleEvent('replicate-region'))).rejects.toMatchObject({
      name: 'ConflictError',
    });
  });
});

describe('describeMember', () => {
  it('keeps polling while Creating with a growing interval and a deadline, then reports done', async () => {
    kmsMock
      .on(DescribeKeyCommand)
      .resolves({ KeyMetadata: metadata('eu-west-1', { KeyState: 'Creating', Enabled: false }) });
    const first = await describeMember(bench.deps, sampleEvent('describe-member'));
    expect(first).toMatchObject({
      done: false,
      attempt: 1,
      waitSeconds: 2,
      deadline: '2026-03-01T12:20:00.000Z',
    });
    const second = await describeMember(bench.deps, sampleEvent('describe-member', { poll: first }));
    expect(second).toMatchObject({ done: false, attempt: 2, waitSeconds: 4, deadline: first.deadline });
    kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: metadata('eu-west-1') });
    expect(await describeMember(bench.deps, sampleEvent('describe-member', { poll: second }))).toMatchObject({
      done: true,
    });
  });

  it('fails with MemberWaitTimedOut once the deadline has passed', async () => {
    kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: metadata('eu-west-1', { KeyState: 'Creating' }) });
    const first = await describeMember(bench.deps, sampleEvent('describe-member'));
    bench.clock.advance(21 * 60_000);
    await expect(
      describeMember(bench.deps, sampleEvent('describe-member', { poll: first })),
    ).rejects.toMatchObject({
      name: 'MemberWaitTimedOut',
    });
  });
});

describe('applyMemberProperties', () => {
  it('makes the planned calls once, and none when the Region is already in sync', async () => {
    let synced = false;
    const policy = canonicalJson(defaultKeyPolicy('aws', ACCOUNT));
    kmsMock.on(DescribeKeyCommand).callsFake(async () => ({
      KeyMetadata: metadata('eu-west-1', { Description: synced ? 'payments data key' : '' }),
    }));
    kmsMock
      .on(GetKeyPolicyCommand)
      .callsFake(async () => ({ Policy: synced ? policy : '{"Version":"2012-10-17"}' }));
    kmsMock.on(ListResourceTagsCommand).callsFake(async () => ({
      Tags: synced ? [{ TagKey: 'team', TagValue: 'payments' }] : [],
      Truncated: false,
    }));
    kmsMock.on(ListAliasesCommand).callsFake(async () => ({
      Aliases: synced ? [{ AliasName: 'alias/payments', TargetKeyId: KEY_ID }] : [],
      Truncated: false,
    }));
    kmsMock.on(PutKeyPolicyCommand).callsFake(async () => {
      synced = true;
      return {};
    });
    const result = await applyMemberProperties(bench.deps, sampleEvent('apply-member-properties'));
    expect(result.calls).toEqual(['PutKeyPolicy', 'UpdateKeyDescription', 'TagResource', 'CreateAlias']);
    expect(kmsMock.commandCalls(UpdateKeyDescriptionCommand)[0]?.args[0].input.Description).toBe(
      'payments data key',
    );
    expect(kmsMock.commandCalls(TagResourceCommand)[0]?.args[0].input.Tags).toEqual([
      { TagKey: 'team', TagValue: 'payments' },
    ]);
    expect(kmsMock.commandCalls(CreateAliasCommand)[0]?.args[0].input).toEqual({
      AliasName: 'alias/payments',
      TargetKeyId: KEY_ID,
    });
    expect(bench.keySets.items.get(KEY_ID)?.members['eu-west-1']?.aliases).toEqual(['alias/payments']);
    kmsMock.resetHistory();
    const again = await applyMemberProperties(
      bench.deps,
      sampleEvent('apply-member-properties', { step: 'sync' }),
    );
    expect(again.calls).toEqual([]);
    expect(kmsMock.commandCalls(PutKeyPolicyCommand)).toHaveLength(0);
  });
});
