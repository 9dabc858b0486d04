// Starts the KMS emulator on a random port and hands out real SDK clients per Region.
import type { AddressInfo } from 'node:net';
import { KMSClient } from '@aws-sdk/client-kms';
import {
  createKmsEmulator,
  emulatorOf,
  type KmsEmulator,
  type KmsEmulatorOptions,
} from '../../local/kms/index.js';

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

export interface KmsFixture {
  endpoint: string;
  emulator: KmsEmulator;
  client(region: string): KMSClient;
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startKms(options: KmsEmulatorOptions = {}): Promise<KmsFixture> {
  const server = createKmsEmulator({ creatingMs: 0, updatingMs: 0, ...options });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients = new Map<string, KMSClient>();
  return {
    endpoint,
    emulator: emulatorOf(server),
    client(region) {
      let client = clients.get(region);
      if (!client) {
        client = new KMSClient({ region, endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
        clients.set(region, client);
      }
      return client;
    },
    async admin(path, init = {}) {
      const response = await fetch(`${endpoint}${path}`, {
        method: init.method ?? 'GET',
        ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      });
      return { status: response.status, body: await response.json() };
    },
    async close() {
      for (const client of clients.values()) client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
