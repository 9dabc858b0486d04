// On the local stack: a retried POST /keys after a failure past CreateKey, replicas added and removed, adoption.
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  ReplicateKeyCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DependencyError } from '../../../src/core/errors.js';
import { type ApiStack, startApiStack } from './api-stack.js';

let api: ApiStack;
let token: string;
let failNextStart = false;
const kms = (region: string) => api.kms(region);

beforeAll(async () => {
  api = await startApiStack({
    wrapWorkflows: (real) => ({
      start: async (workflow, input) => {
        if (failNextStart) {
          failNextStart = false;
          throw new DependencyError('Step Functions is unavailable (injected)');
        }
        return real.start(workflow, input);
      },
    }),
  });
  token = await api.token({ sub: 'alice', tenants: ['payments'], roles: ['operator'] });
});

afterAll(async () => {
  await api?.close();
});

async function keyCount(region: string): Promise<number> {
  return (await kms(region).send(new ListKeysCommand({ Limit: 1000 }))).Keys?.length ?? 0;
}

describe('idempotent create, replicas and adoption on the local stack', () => {
  let keyId: string;

  it('a retry after a failure that followed CreateKey answers the same key: one KMS key only', async () => {
    const before = await keyCount('us-west-2');
    const body = { tenant: 'payments', primaryRegion: 'us-west-2', replicaRegions: [] };
    failNextStart = true;
    const failed = await api.call(token, 'POST', '/keys', body, { 'idempotency-key': 'retry-me' });
    expect(failed.status).toBe(503);
    const retried = await api.call(token, 'POST', '/keys', body, { 'idempotency-key': 'retry-me' });
    expect(retried.status).toBe(202);
    keyId = retried.body.key.keyId;
    expect((await api.settle(token, retried.body.operation)).status).toBe('Succeeded');
    expect(await keyCount('us-west-2')).toBe(before + 1);
    const replay = await api.call(token, 'POST', '/keys', body, { 'idempotency-key': 'retry-me' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const mismatch = await api.call(
      token,
      'POST',
      '/keys',
      { ...body, description: 'else' },
      { 'idempotency-key': 'retry-me' },
    );
    expect(mismatch.status).toBe(422);
  });

  it('adds a replica, then deletes it: the Region leaves the set and KMS schedules the replica', async () => {
    const added = await api.call(token, 'POST', `/keys/${keyId}/replicas`, { regions: ['eu-west-1'] });
    expect(added.status).toBe(202);
    expect((await api.settle(token, added.body.operation)).status).toBe('Succeeded');
    const { KeyMetadata } = await kms('eu-west-1').send(new DescribeKeyCommand({ KeyId: keyId }));
    expect(KeyMetadata?.MultiRegionConfiguration?.MultiRegionKeyType).toBe('REPLICA');
    const removed = await api.call(
      token,
      'DELETE',
      `/keys/${keyId}/replicas/eu-west-1?pendingWindowInDays=7`,
    );
    expect(removed.status).toBe(202);
    expect((await api.settle(token, removed.body.operation)).status).toBe('Succeeded');
    const after = await kms('eu-west-1').send(new DescribeKeyCommand({ KeyId: keyId }));
    expect(after.KeyMetadata?.KeyState).toBe('PendingDeletion');
    expect((await api.call(token, 'GET', `/keys/${keyId}`)).body.desired.regions).toEqual(['us-west-2']);
  });

  /** An MRK in us-east-1 with a replica in ap-southeast-2, each with its own description and tag. */
  async function madeOutside(): Promise<string> {
    const { KeyMetadata } = await kms('us-east-1').send(
      new CreateKeyCommand({
        MultiRegion: true,
        Description: 'made by hand',
        Tags: [{ TagKey: 'team', TagValue: 'payments' }],
      }),
    );
    const keyId = KeyMetadata!.KeyId!;
    await kms('us-east-1').send(
      new ReplicateKeyCommand({
        KeyId: keyId,
        ReplicaRegion: 'ap-southeast-2',
        Description: 'sydney copy',
        Tags: [{ TagKey: 'team', TagValue: 'apac' }],
      }),
    );
    return keyId;
  }

  /** What KMS itself holds for the replica (not the control plane's view of it). */
  async function replicaInKms(
    keyId: string,
  ): Promise<{ description?: string; tags: Record<string, string> }> {
    const client = kms('ap-southeast-2');
    const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: keyId }));
    const { Tags } = await client.send(new ListResourceTagsCommand({ KeyId: keyId }));
    return {
      description: KeyMetadata?.Description,
      tags: Object.fromEntries((Tags ?? []).map((tag) => [tag.TagKey, tag.TagValue])),
    };
  }

  async function adopt(keyId: string, extra: Record<string, unknown> = {}) {
    const adopted = await api.call(token, 'POST', '/keys/adopt', {
      keyId,
      region: 'ap-southeast-2',
      tenant: 'payments',
      ...extra,
    });
    expect(adopted.status).toBe(202);
    expect(adopted.body.key).toMatchObject({
      primaryRegion: 'us-east-1',
      desired: { regions: ['us-east-1', 'ap-southeast-2'] },
    });
    expect((await api.settle(token, adopted.body.operation)).status).toBe('Succeeded');
  }

  it('adopts an MRK set made outside the control plane as it is: the replica keeps its own properties', async () => {
    const outside = await madeOutside();
    await adopt(outside);
    // Issue 10: each Region's current properties are desired (per-Region overrides), so nothing changed in KMS.
    expect(await replicaInKms(outside)).toEqual({ description: 'sydney copy', tags: { team: 'apac' } });
    const key = await api.call(token, 'GET', `/keys/${outside}`);
    expect(key.body.regions['ap-southeast-2']).toMatchObject({
      role: 'REPLICA',
      description: 'sydney copy',
      tags: { team: 'apac' },
    });
    expect(key.body.regions['us-east-1']).toMatchObject({
      description: 'made by hand',
      tags: { team: 'payments' },
    });
    const drift = await api.call(token, 'GET', `/keys/${outside}/drift?live=true`);
    expect(drift.status).toBe(200);
    expect(drift.body).toMatchObject({ status: 'InSync', findings: [] });
  });

  it("adopts with desiredFrom 'primary': the primary's properties are desired and the replica is synced", async () => {
    const outside = await madeOutside();
    await adopt(outside, { desiredFrom: 'primary' });
    expect(await replicaInKms(outside)).toEqual({ description: 'made by hand', tags: { team: 'payments' } });
    const key = await api.call(token, 'GET', `/keys/${outside}`);
    expect(key.body.regions['ap-southeast-2']).toMatchObject({
      role: 'REPLICA',
      description: 'made by hand',
      tags: { team: 'payments' },
    });
    const drift = await api.call(token, 'GET', `/keys/${outside}/drift?live=true`);
    expect(drift.body).toMatchObject({ status: 'InSync', findings: [] });
  });
});
