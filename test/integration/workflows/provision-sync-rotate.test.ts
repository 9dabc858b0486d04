// provision-key, sync-properties and rotate-key end to end against the emulator.
import { DescribeKeyCommand, ListAliasesCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIMARY, startWorkflowStack, type WorkflowStack } from './workflow-harness.js';

let stack: WorkflowStack;
beforeAll(async () => {
  stack = await startWorkflowStack();
});
afterAll(() => stack.close());

async function propertiesIn(region: string, keyId: string) {
  const client = stack.kms.client(region);
  const [{ KeyMetadata }, { Aliases }, { Tags }] = await Promise.all([
    client.send(new DescribeKeyCommand({ KeyId: keyId })),
    client.send(new ListAliasesCommand({ KeyId: keyId })),
    client.send(new ListResourceTagsCommand({ KeyId: keyId })),
  ]);
  return {
    description: KeyMetadata?.Description,
    material: KeyMetadata?.CurrentKeyMaterialId,
    aliases: (Aliases ?? []).map((alias) => alias.AliasName).sort(),
    tags: Object.fromEntries((Tags ?? []).map((tag) => [tag.TagKey, tag.TagValue])),
  };
}

describe('provision-key, sync-properties, rotate-key', () => {
  const regions = [PRIMARY, 'eu-west-1', 'ap-northeast-1'];
  let keyId: string;

  it('provisions: properties on the primary, then every replica made and aligned', async () => {
    const keySet = await stack.createKeySet({ regions, aliases: ['alias/orders'], tags: { team: 'orders' } });
    keyId = keySet.keyId;
    const { operation } = await stack.run('provision-key', 'Provision', keyId);
    expect(operation.status).toBe('Succeeded');
    expect(operation.regions[PRIMARY]).toMatchObject({ status: 'Succeeded', note: 'Properties applied' });
    for (const region of regions) {
      expect(await propertiesIn(region, keyId)).toMatchObject({
        description: keySet.desired.description,
        aliases: ['alias/orders'],
        tags: { team: 'orders' },
      });
    }
  });

  it('syncs a changed desired state to every Region: tags added and removed, alias replaced, description', async () => {
    const { keySets } = stack.workflows.deps;
    const current = (await keySets.get(keyId))!;
    await keySets.update(keyId, current.version, {
      desired: {
        ...current.desired,
        description: 'orders v2',
        aliases: ['alias/orders-v2'],
        tags: { owner: 'orders-team' },
        regionOverrides: { 'eu-west-1': { description: 'orders v2 (EU)' } },
      },
    });
    const { operation } = await stack.run('sync-properties', 'UpdateProperties', keyId);
    expect(operation.status).toBe('Succeeded');
    for (const region of regions) {
      expect(await propertiesIn(region, keyId)).toMatchObject({
        description: region === 'eu-west-1' ? 'orders v2 (EU)' : 'orders v2',
        aliases: ['alias/orders-v2'],
        tags: { owner: 'orders-team' },
      });
    }
    // Running it again changes nothing: every Region is already in sync.
    const again = await stack.run('sync-properties', 'UpdateProperties', keyId);
    expect(again.operation.status).toBe('Succeeded');
    const audit = (await stack.workflows.deps.audit.listByKey(keyId, { limit: 1000 })).items;
    const calls = audit.filter((event) =>
      event.eventId.startsWith(`${again.operation.operationId}/sync-properties:`),
    );
    expect(calls).toHaveLength(regions.length);
    for (const event of calls) expect(event.details?.calls).toEqual([]);
  });

  it('rotates on demand and waits until every member has the same new key material', async () => {
    const before = await propertiesIn(PRIMARY, keyId);
    const { operation } = await stack.run('rotate-key', 'Rotate', keyId);
    expect(operation.status).toBe('Succeeded');
    const after = await Promise.all(regions.map((region) => propertiesIn(region, keyId)));
    const materials = new Set(after.map((properties) => properties.material));
    expect(materials.size).toBe(1);
    expect(materials.has(before.material)).toBe(false);
    for (const region of regions) expect(operation.regions[region]?.status).toBe('Succeeded');
  });
});
