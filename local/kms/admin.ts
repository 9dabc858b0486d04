// The admin API under /_emulator/: health, reset, the virtual clock, the event log, fault injection and
// quotas. Part of the emulator's contract with tests and the local stack; real KMS has no such routes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KmsEmulator } from './emulator.js';
import { readBody } from './protocol/read-body.js';

export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type AdminRoute = (emulator: KmsEmulator, body: unknown, query: URLSearchParams) => unknown;

/** `METHOD /path` -> handler; other admin features register themselves here. */
export const adminRoutes: Record<string, AdminRoute> = {
  'GET /_emulator/health': (emulator) => ({
    status: 'ok',
    time: new Date(emulator.clock.now()).toISOString(),
  }),
  'POST /_emulator/reset': (emulator) => {
    emulator.store.reset();
    emulator.events.clear();
    emulator.faults.clear();
    emulator.quotas.resetCounts();
    emulator.persist();
    return { reset: true };
  },
  'POST /_emulator/clock/advance': (emulator, body) => {
    const seconds = (body as { seconds?: unknown } | undefined)?.seconds;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      throw new AdminError(400, 'Body must be {"seconds": N} with N a non-negative number.');
    }
    emulator.clock.advance(seconds * 1000);
    // The clock offset is state too: persist it even when no transition fell due.
    if (!emulator.settle()) emulator.persist();
    return { now: new Date(emulator.clock.now()).toISOString() };
  },
  'POST /_emulator/faults': (emulator, body) => ({ fault: emulator.faults.add(body) }),
  'GET /_emulator/faults': (emulator) => ({ faults: emulator.faults.list() }),
  'DELETE /_emulator/faults': (emulator, _body, query) => ({
    removed: emulator.faults.clear(query.get('id') ?? undefined),
  }),
  'GET /_emulator/quotas': (emulator) => emulator.quotas.view(),
  'PUT /_emulator/quotas': (emulator, body) => {
    emulator.quotas.configure(body);
    return emulator.quotas.view();
  },
  'GET /_emulator/events': (emulator, _body, query) => {
    const since = query.get('since');
    const sinceMs =
      since === null ? 0 : /^\d+(\.\d+)?$/.test(since) ? Number(since) * 1000 : Date.parse(since);
    if (Number.isNaN(sinceMs)) throw new AdminError(400, 'since must be an ISO 8601 time or epoch seconds.');
    emulator.settle();
    return { events: emulator.events.query(query.get('region') ?? undefined, sinceMs) };
  },
};

export async function handleAdminRequest(
  emulator: KmsEmulator,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = adminRoutes[`${req.method} ${url.pathname}`];
  try {
    if (!route) throw new AdminError(404, `No admin route ${req.method} ${url.pathname}`);
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AdminError(400, 'The request body is not valid JSON.');
    }
    reply(res, 200, (await route(emulator, body, url.searchParams)) ?? {});
  } catch (error) {
    const status = error instanceof AdminError ? error.status : 400;
    reply(res, status, { error: error instanceof Error ? error.message : String(error) });
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
