import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { PortInUseError, STACK_CREDENTIALS, startLocalStack } from '../../../local/stack.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const freePorts = { kms: 0, dynamodb: 0, stepFunctions: 0, api: 0 };

describe('the local stack', () => {
  it('starts every stand-in with every workflow registered', async () => {
    const stack = await startLocalStack({ ports: freePorts, waitScale: 0, creatingMs: 0 });
    try {
      const sfn = new SFNClient({
        region: 'us-east-1',
        endpoint: stack.endpoints.stepFunctions,
        credentials: STACK_CREDENTIALS,
      });
      const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
      expect(stateMachines?.map((machine) => machine.name).sort()).toEqual(
        Object.keys(stack.stateMachineArns).sort(),
      );
      expect(Object.keys(stack.stateMachineArns)).toContain('replicate-key');
      expect(stack.tableName).toBe('KeysTable');
      sfn.destroy();
    } finally {
      await stack.close();
    }
  });

  it('keeps KMS keys across a restart on the same data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mrk-stack-'));
    dirs.push(dataDir);
    const first = await startLocalStack({ dataDir, ports: freePorts, waitScale: 0 });
    const kms = new KMSClient({
      region: 'eu-west-1',
      endpoint: first.endpoints.kms,
      credentials: STACK_CREDENTIALS,
    });
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ MultiRegion: true, Description: 'kept' }));
    kms.destroy();
    await first.close();

    const second = await startLocalStack({ dataDir, ports: freePorts, waitScale: 0 });
    try {
      const again = new KMSClient({
        region: 'eu-west-1',
        endpoint: second.endpoints.kms,
        credentials: STACK_CREDENTIALS,
      });
      const described = await again.send(new DescribeKeyCommand({ KeyId: KeyMetadata?.KeyId }));
      expect(described.KeyMetadata?.Description).toBe('kept');
      again.destroy();
    } finally {
      await second.close();
    }
  });

  it('names the port that is already in use', async () => {
    const first = await startLocalStack({ ports: freePorts, waitScale: 0 });
    try {
      const taken = Number(new URL(first.endpoints.kms).port);
      await expect(startLocalStack({ ports: { ...freePorts, kms: taken } })).rejects.toThrow(
        new PortInUseError(taken, 'KMS emulator').message,
      );
    } finally {
      await first.close();
    }
  });

  it('serves the REST API with its admin token, and GET /health only while every stand-in answers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mrk-stack-'));
    dirs.push(dataDir);
    const stack = await startLocalStack({ dataDir, ports: freePorts, waitScale: 0 });
    try {
      expect(readFileSync(join(dataDir, 'admin.token'), 'utf8').trim()).toBe(stack.adminToken);
      const info = JSON.parse(readFileSync(join(dataDir, 'local-stack.json'), 'utf8'));
      expect(info.endpoints).toEqual(stack.endpoints);
      const keys = await fetch(`${stack.endpoints.api}/keys`, {
        headers: { authorization: `Bearer ${stack.adminToken}` },
      });
      expect(keys.status).toBe(200);
      expect(await keys.json()).toEqual({ items: [] });
      expect((await fetch(`${stack.endpoints.api}/keys`)).status).toBe(401);
      expect((await fetch(`${stack.endpoints.api}/health`)).status).toBe(200);

      // With the KMS emulator gone, the API is not ready and says which stand-in is missing.
      stack.kmsServer.closeAllConnections();
      await new Promise<void>((resolve) => stack.kmsServer.close(() => resolve()));
      const health = await fetch(`${stack.endpoints.api}/health`);
      expect(health.status).toBe(503);
      expect(((await health.json()) as { message: string }).message).toContain(
        'the KMS emulator is not answering',
      );
    } finally {
      await stack.close();
    }
  });

  it('names the API port when it is taken', async () => {
    const first = await startLocalStack({ ports: freePorts, waitScale: 0 });
    try {
      const taken = Number(new URL(first.endpoints.api).port);
      await expect(startLocalStack({ ports: { ...freePorts, api: taken } })).rejects.toThrow(
        new PortInUseError(taken, 'REST API').message,
      );
    } finally {
      await first.close();
    }
  });
});
