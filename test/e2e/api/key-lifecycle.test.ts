// The whole key lifecycle through the REST API on the local stack, checked against KMS with the AWS SDK.
import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  ListAliasesCommand,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiStack, startApiStack } from './api-stack.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
let api: ApiStack;
let token: string;
const kms = (region: string) => api.kms(region);

beforeAll(async () => {
  api = await startApiStack();
  token = await api.token({ sub: 'alice', tenants: ['payments'], roles: ['operator'] });
});

afterAll(async () => {
  await api?.close();
});

describe('key lifecycle through the REST API', () => {
  let keyId: string;

  it('creates a key with two replicas; the operation succeeds in every Region', async () => {
    const body = {
      tenant: 'payments',
      primaryRegion: 'us-east-1',
      replicaRegions: ['eu-west-1', 'ap-southeast-2'],
      description: 'e2e data key',
      aliases: ['alias/e2e-data'],
      tags: { team: 'payments' },
    };
    const created = await api.call(token, 'POST', '/keys', body, { 'idempotency-key': 'e2e-create-1' });
    expect(created.status).toBe(202);
    keyId = created.body.key.keyId;
    const operation = await api.settle(token, created.body.operation);
    expect(operation.status).toBe('Succeeded');
    expect(Object.keys(operation.regions).sort()).toEqual([...REGIONS].sort());
    for (const step of Object.values(operation.regions)) expect(step).toMatchObject({ status: 'Succeeded' });
    const replay = await api.call(token, 'POST', '/keys', body, { 'idempotency-key': 'e2e-create-1' });
    expect(replay.body.key.keyId).toBe(keyId);
    const key = await api.call(token, 'GET', `/keys/${keyId}?live=true`);
    expect(Object.keys(key.body.regions).sort()).toEqual([...REGIONS].sort());
    for (const region of REGIONS) {
      expect(key.body.regions[region]).toMatchObject({ keyState: 'Enabled', aliases: ['alias/e2e-data'] });
    }
  });

  it('encrypts in one Region and decrypts in another with the AWS SDK', async () => {
    const plaintext = new TextEncoder().encode('across regions');
    const { CiphertextBlob } = await kms('us-east-1').send(
      new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }),
    );
    const { Plaintext } = await kms('ap-southeast-2').send(
      new DecryptCommand({ KeyId: keyId, CiphertextBlob }),
    );
    expect(new TextDecoder().decode(Plaintext)).toBe('across regions');
  });

  it('updates tags and aliases and every Region shows them; a stale If-Match is a 412', async () => {
    const current = await api.call(token, 'GET', `/keys/${keyId}`);
    const stale = await api.call(
      token,
      'PATCH',
      `/keys/${keyId}`,
      { description: 'x' },
      { 'if-match': '"0"' },
    );
    expect(stale.status).toBe(412);
    const patched = await api.call(
      token,
      'PATCH',
      `/keys/${keyId}`,
      { tags: { team: 'payments', cost: 'cc-42' }, aliases: ['alias/e2e-data', 'alias/e2e-more'] },
      { 'if-match': current.headers.get('etag')! },
    );
    expect(patched.status).toBe(202);
    expect((await api.settle(token, patched.body.operation)).status).toBe('Succeeded');
    for (const region of REGIONS) {
      const { Tags } = await kms(region).send(new ListResourceTagsCommand({ KeyId: keyId }));
      // The primary also carries the control plane's mark: the operation that created it (never synced).
      expect(Object.fromEntries((Tags ?? []).map((tag) => [tag.TagKey, tag.TagValue]))).toEqual({
        team: 'payments',
        cost: 'cc-42',
        ...(region === 'us-east-1' && { 'mrk-control-plane:operation-id': expect.stringMatching(/^op-/) }),
      });
      const { Aliases } = await kms(region).send(new ListAliasesCommand({ KeyId: keyId }));
      expect((Aliases ?? []).map((alias) => alias.AliasName).sort()).toEqual([
        'alias/e2e-data',
        'alias/e2e-more',
      ]);
    }
  });

  it('promotes the eu-west-1 replica to primary', async () => {
    const promoted = await api.call(token, 'POST', `/keys/${keyId}/primary`, { region: 'eu-west-1' });
    expect(promoted.status).toBe(202);
    expect((await api.settle(token, promoted.body.operation)).status).toBe('Succeeded');
    const { KeyMetadata } = await kms('eu-west-1').send(new DescribeKeyCommand({ KeyId: keyId }));
    expect(KeyMetadata?.MultiRegionConfiguration?.MultiRegionKeyType).toBe('PRIMARY');
    expect((await api.call(token, 'GET', `/keys/${keyId}`)).body.primaryRegion).toBe('eu-west-1');
  });

  it('rotates: every member ends with the same new key material', async () => {
    const before = await api.call(token, 'GET', `/keys/${keyId}?live=true`);
    const rotated = await api.call(token, 'POST', `/keys/${keyId}/rotations`);
    expect(rotated.status).toBe(202);
    expect((await api.settle(token, rotated.body.operation)).status).toBe('Succeeded');
    const after = await api.call(token, 'GET', `/keys/${keyId}?live=true`);
    const materials = new Set(REGIONS.map((region) => after.body.regions[region].currentKeyMaterialId));
    expect(materials.size).toBe(1);
    expect(materials.has(before.body.regions['eu-west-1'].currentKeyMaterialId)).toBe(false);
  });

  it('deletes in order (replicas first, the primary waiting for them) and cancels the deletion', async () => {
    const deleted = await api.call(token, 'DELETE', `/keys/${keyId}?pendingWindowInDays=7`);
    expect(deleted.status).toBe(202);
    const deletion = await api.settle(token, deleted.body.operation);
    expect(deletion.status).toBe('Succeeded');
    const states = await Promise.all(
      REGIONS.map(
        async (region) =>
          (await kms(region).send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState,
      ),
    );
    expect(states.sort()).toEqual(['PendingDeletion', 'PendingDeletion', 'PendingReplicaDeletion']);
    expect((await api.call(token, 'GET', `/keys/${keyId}`)).body.status).toBe('PendingDeletion');

    const cancelled = await api.call(token, 'POST', `/keys/${keyId}/cancel-deletion`, { enable: true });
    expect(cancelled.status).toBe(202);
    expect((await api.settle(token, cancelled.body.operation)).status).toBe('Succeeded');
    for (const region of REGIONS) {
      const { KeyMetadata } = await kms(region).send(new DescribeKeyCommand({ KeyId: keyId }));
      expect(KeyMetadata?.KeyState).toBe('Enabled');
    }
    expect((await api.call(token, 'GET', `/keys/${keyId}`)).body.status).toBe('Active');
  });

  it('keeps a verifiable audit trail of it all', async () => {
    const auditor = await api.token({ sub: 'audrey', tenants: [], roles: ['auditor'] });
    const audit = await api.call(auditor, 'GET', `/keys/${keyId}/audit?verify=true&limit=100`);
    expect(audit.status).toBe(200);
    expect(audit.body.verification.valid).toBe(true);
    expect(audit.body.items.map((event: { action: string }) => event.action)).toContain('CreateKey');
  });
});
