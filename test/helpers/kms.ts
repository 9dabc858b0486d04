// Starts the KMS emulator on a random port and hands out real SDK clients per Region.
import type { AddressInfo } from 'node:net';
import { CreateKeyCommand, KMSClient, ReplicateKeyCommand } from '@aws-sdk/client-kms';
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

/** A SigV4-shaped Authorization header naming `region` (the emulator reads only the credential scope). */
export function authorizationFor(region: string, accessKeyId = TEST_CREDENTIALS.accessKeyId): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20250101/${region}/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`;
}

export interface RawKmsAnswer {
  status: number;
  text: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  json: Record<string, unknown> | undefined;
}

/** Sends one raw KMS request over fetch: `body` objects are JSON-encoded, strings/Buffers sent as they are. */
export async function rawKms(
  endpoint: string,
  target: string | undefined,
  body: unknown,
  init: { region?: string; headers?: Record<string, string>; method?: string } = {},
): Promise<RawKmsAnswer> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    authorization: authorizationFor(init.region ?? 'us-east-1'),
    ...(target !== undefined && { 'x-amz-target': `TrentService.${target}` }),
    ...init.headers,
  };
  for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name];
  const payload =
    body === undefined
      ? undefined
      : typeof body === 'string' || Buffer.isBuffer(body)
        ? body
        : JSON.stringify(body);
  const response = await fetch(endpoint, { method: init.method ?? 'POST', headers, body: payload });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

/** Moves the emulator's virtual clock forward (timed transitions due by then run at once). */
export async function advanceClock(kms: KmsFixture, seconds: number): Promise<void> {
  const { status, body } = await kms.admin('/_emulator/clock/advance', { method: 'POST', body: { seconds } });
  if (status !== 200) throw new Error(`clock advance failed: ${JSON.stringify(body)}`);
}

export const DAY_SECONDS = 86_400;

export interface MrkWithReplica {
  keyId: string;
  /** The primary's ARN (us-east-1). */
  arn: string;
  /** The replica's ARN (eu-west-1). */
  westArn: string;
}

/** A symmetric multi-Region primary in us-east-1 with one replica in eu-west-1. */
export async function mrkWithReplica(kms: Pick<KmsFixture, 'client'>): Promise<MrkWithReplica> {
  const east = kms.client('us-east-1');
  const { KeyMetadata } = await east.send(new CreateKeyCommand({ MultiRegion: true }));
  const keyId = KeyMetadata?.KeyId as string;
  await east.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' }));
  const arn = KeyMetadata?.Arn as string;
  return { keyId, arn, westArn: arn.replace('us-east-1', 'eu-west-1') };
}

export interface KmsProcess {
  endpoint: string;
  client(region: string): KMSClient;
  /** SIGKILL: no chance to flush or snapshot, as after a crash. */
  kill(): Promise<void>;
}

/**
 * Runs `local/kms/main.ts` in a child process (one node process, tsx as a loader, so a SIGKILL reaches the
 * emulator itself) and waits for its listening line.
 */
export async function spawnKms(args: string[]): Promise<KmsProcess> {
  const { spawn } = await import('node:child_process');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'local/kms/main.ts',
      '--port',
      '0',
      '--creating-ms',
      '0',
      '--updating-ms',
      '0',
      ...args,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  let output = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) resolve(match[1] as string);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`KMS emulator exited (${code}): ${output}`)));
  });
  const clients: KMSClient[] = [];
  return {
    endpoint,
    client(region) {
      const client = new KMSClient({ region, endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
      clients.push(client);
      return client;
    },
    async kill() {
      for (const client of clients) client.destroy();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
