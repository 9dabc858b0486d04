// A small fake REST API for mrkctl's unit tests: canned answers by "METHOD /path", every request recorded.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CliIo } from '../../../cli/io.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export type Answer = { status: number; body?: unknown };
export type Responder = Answer | ((request: RecordedRequest) => Answer);

export interface FakeApi {
  url: string;
  requests: RecordedRequest[];
  /** Answers for a route; an array answers in turn and repeats its last entry. */
  on(route: string, ...answers: Responder[]): void;
  close(): Promise<void>;
}

export async function startFakeApi(): Promise<FakeApi> {
  const routes = new Map<string, Responder[]>();
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://fake');
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body: text === '' ? undefined : JSON.parse(text),
    };
    requests.push(recorded);
    const queue = routes.get(`${recorded.method} ${recorded.path}`);
    const next = queue === undefined ? undefined : queue.length > 1 ? queue.shift() : queue[0];
    const answer: Answer =
      next === undefined
        ? { status: 404, body: { error: 'NotFound', message: 'No route in the fake', requestId: 'req-fake' } }
        : typeof next === 'function'
          ? next(recorded)
          : next;
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    on(route, ...answers) {
      routes.set(route, answers);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface TestIo extends CliIo {
  out(): string;
  err(): string;
}

export function testIo(
  options: { env?: Record<string, string>; tty?: boolean; homedir?: string; cwd?: string } = {},
): TestIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text), isTTY: options.tty ?? false, columns: 120 },
    stderr: { write: (text: string) => (err += text) },
    env: options.env ?? {},
    homedir: options.homedir ?? '/nonexistent-home',
    cwd: options.cwd ?? process.cwd(),
    pollMs: 0,
    sleep: async () => {},
    out: () => out,
    err: () => err,
  };
}

export const KEY_ID = 'mrk-1234abcd12ab34cd56ef1234567890ab';

export function keyView(overrides: Record<string, unknown> = {}) {
  return {
    keyId: KEY_ID,
    tenant: 'payments',
    partition: 'aws',
    account: '111122223333',
    primaryRegion: 'us-east-1',
    status: 'Active',
    version: 3,
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    desired: {
      regions: ['us-east-1', 'eu-west-1'],
      description: 'payments data',
      policy: {},
      tags: { team: 'payments', env: 'dev' },
      aliases: ['alias/payments'],
      enabled: true,
      rotation: { enabled: true, periodInDays: 365 },
      regionOverrides: {},
    },
    regions: {
      'us-east-1': member('PRIMARY'),
      'eu-west-1': member('REPLICA'),
    },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function member(role: string) {
  return {
    arn: `arn:aws:kms:us-east-1:111122223333:key/${KEY_ID}`,
    role,
    keyState: 'Enabled',
    enabled: true,
    description: 'payments data',
    tags: { team: 'payments' },
    aliases: ['alias/payments'],
    currentKeyMaterialId: 'abcdef0123456789',
    observedAt: '2026-01-01T00:00:00.000Z',
  };
}

export function operationView(
  status: string,
  regions: Record<string, string>,
  overrides: Record<string, unknown> = {},
) {
  return {
    operationId: 'op-1',
    type: 'Replicate',
    keyId: KEY_ID,
    tenant: 'payments',
    status,
    requestedBy: 'admin',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    regions: Object.fromEntries(
      Object.entries(regions).map(([region, step]) => [
        region,
        { status: step, updatedAt: '2026-01-01T00:00:00.000Z' },
      ]),
    ),
    ...overrides,
  };
}
