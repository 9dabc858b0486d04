// replicate-key end to end: fan-out to 4 Regions, adopting a replica, a throttled Region, a Region outage.
import {
  DescribeKeyCommand,
  ListAliasesCommand,
  ListResourceTagsCommand,
  ReplicateKeyCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIMARY, startWorkflowStack, trailEvents, type WorkflowStack } from './workflow-harness.js';

let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(() => stack.close());

async function replicaKeys(keyId: string): Promise<string[]> {
  const { KeyMetadata } = await stack.kms.client(PRIMARY).send(new DescribeKeyCommand({ KeyId: keyId }));
  return (KeyMetadata?.MultiRegionConfiguration?.ReplicaKeys ?? []).map((replica) => replica.Region!).sort();
}

describe('replicate-key', () => {
  it('replicates to 4 Regions with every independent property applied, and releases the lock', async () => {
    const regions = ['eu-west-1', 'ap-southeast-2', 'ca-central-1', 'sa-east-1'];
    const keySet = await stack.createKeySet({
      regions: [PRIMARY, ...regions],
      tags: { team: 'payments', tier: '1' },
    });
    const { execution, operation } = await stack.run('replicate-key', 'Replicate', keySet.keyId, { regions });
    expect(execution.status).toBe('SUCCEEDED');
    expect(operation.status).toBe('Succeeded');
    expect(Object.keys(operation.regions).sort()).toEqual([...regions].sort());
    expect(await replicaKeys(keySet.keyId)).toEqual([...regions].sort());
    for (const region of regions) {
      const client = stack.kms.client(region);
      const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: keySet.keyId }));
      expect(KeyMetadata).toMatchObject({ KeyState: 'Enabled', Description: keySet.desired.description });
      const { Aliases } = await client.send(new ListAliasesCommand({ KeyId: keySet.keyId }));
      expect(Aliases?.map((alias) => alias.AliasName)).toEqual(keySet.desired.aliases);
      const { Tags } = await client.send(new ListResourceTagsCommand({ KeyId: keySet.keyId }));
      expect(Object.fromEntries((Tags ?? []).map((tag) => [tag.TagKey, tag.TagValue]))).toEqual({
        team: 'payments',
        tier: '1',
      });
    }
    const stored = await stack.workflows.deps.keySets.get(keySet.keyId);
    expect(stored?.activeOperationId).toBeUndefined();
    expect(Object.keys(stored?.members ?? {}).sort()).toEqual([...regions].sort());
    const audit = await stack.workflows.deps.audit.listByKey(keySet.keyId, { limit: 1000 });
    const ids = audit.items.map((event) => event.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(`${operation.operationId}/replicate:eu-west-1`);
    expect(ids).toContain(`${operation.operationId}/finish`);
  });

  it('adopts a replica that already exists instead of creating a second one', async () => {
    const keySet = await stack.createKeySet();
    await stack.kms
      .client(PRIMARY)
      .send(new ReplicateKeyCommand({ KeyId: keySet.keyId, ReplicaRegion: 'eu-west-1' }));
    const { operation } = await stack.run('replicate-key', 'Replicate', keySet.keyId, {
      regions: ['eu-west-1', 'eu-central-1'],
    });
    expect(operation.status).toBe('Succeeded');
    expect(operation.regions['eu-west-1']?.note).toMatch(/Adopted the existing replica/);
    expect(operation.regions['eu-central-1']?.note).toBe('Created the replica');
    const replicated = (await trailEvents(stack.kms)).filter(
      (event) =>
        event.eventName === 'ReplicateKey' &&
        event.resources.some((resource) => resource.ARN.endsWith(keySet.keyId)),
    );
    expect(replicated).toHaveLength(2);
    expect(await replicaKeys(keySet.keyId)).toEqual(['eu-central-1', 'eu-west-1']);
  });

  it('succeeds in a Region throttled 30% of the time (Retry with backoff)', async () => {
    const keySet = await stack.createKeySet();
    const { body } = await stack.kms.admin('/_emulator/faults', {
      method: 'POST',
      body: { region: 'eu-north-1', error: 'ThrottlingException', rate: 0.3 },
    });
    const faultId = (body as { fault: { id: string } }).fault.id;
    try {
      const { operation } = await stack.run('replicate-key', 'Replicate', keySet.keyId, {
        regions: ['eu-north-1', 'us-west-2'],
      });
      expect(operation.status).toBe('Succeeded');
      const faults = await stack.kms.admin('/_emulator/faults');
      const hits = (faults.body as { faults: { id: string; hits: number }[] }).faults.find(
        (fault) => fault.id === faultId,
      )?.hits;
      expect(hits).toBeGreaterThan(0);
    } finally {
      await stack.kms.admin(`/_emulator/faults?id=${faultId}`, { method: 'DELETE' });
    }
  });

  it('ends PartiallySucceeded when a Region is down, and a later run completes it with one replica', async () => {
    const keySet = await stack.createKeySet();
    await stack.kms.admin('/_emulator/faults', {
      method: 'POST',
      body: { region: 'ap-south-1', error: 'unavailable' },
    });
    const first = await stack.run('replicate-key', 'Replicate', keySet.keyId, {
      regions: ['ap-south-1', 'ap-northeast-1'],
    });
    await stack.kms.admin('/_emulator/faults', { method: 'DELETE' });
    expect(first.execution.status).toBe('SUCCEEDED');
    expect(first.operation.status).toBe('PartiallySucceeded');
    expect(first.operation.regions['ap-northeast-1']?.status).toBe('Succeeded');
    expect(first.operation.regions['ap-south-1']).toMatchObject({
      status: 'Failed',
      error: { code: 'KmsUnavailable' },
    });
    expect((await stack.workflows.deps.keySets.get(keySet.keyId))?.activeOperationId).toBeUndefined();

    const second = await stack.run('replicate-key', 'Replicate', keySet.keyId, {
      regions: ['ap-south-1', 'ap-northeast-1'],
    });
    expect(second.operation.status).toBe('Succeeded');
    expect(second.operation.regions['ap-northeast-1']?.note).toMatch(/Adopted/);
    expect(await replicaKeys(keySet.keyId)).toEqual(['ap-northeast-1', 'ap-south-1']);
    const replicated = (await trailEvents(stack.kms)).filter(
      (event) =>
        event.eventName === 'ReplicateKey' &&
        event.resources.some((resource) => resource.ARN.endsWith(keySet.keyId)),
    );
    expect(replicated).toHaveLength(2);
  });
});
