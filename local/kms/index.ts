// The KMS emulator's public entry: createKmsEmulator(options) returns a plain http.Server. With
// `dataDir` the state is loaded from and saved to that directory (see persistence/persistence.ts).
import { createServer, type Server } from 'node:http';
import { handleAdminRequest } from './admin.js';
import { handleCloudTrailRequest, isCloudTrailRequest } from './cloudtrail/handle-cloudtrail-request.js';
import { KmsEmulator } from './emulator.js';
import type { KmsEmulatorOptions } from './options.js';
import { Persistence } from './persistence/persistence.js';

export { KmsEmulator } from './emulator.js';
export type { KmsEmulatorOptions } from './options.js';

const emulators = new WeakMap<Server, KmsEmulator>();

/** Throws (synchronously) when `dataDir` cannot be used: locked by another process, unreadable snapshot. */
export function createKmsEmulator(options: KmsEmulatorOptions = {}): Server {
  const persistence = options.dataDir ? new Persistence(options.dataDir, options.snapshotEvery) : undefined;
  let emulator: KmsEmulator;
  try {
    emulator = new KmsEmulator({
      ...options,
      ...(persistence && { importTokenKey: persistence.importTokenKey() }),
    });
    persistence?.attach(emulator);
  } catch (error) {
    persistence?.close();
    throw error;
  }
  const server = createServer((req, res) => {
    const handled = req.url?.startsWith('/_emulator/')
      ? handleAdminRequest(emulator, req, res)
      : isCloudTrailRequest(req)
        ? handleCloudTrailRequest(emulator, req, res)
        : emulator.handleKmsRequest(req, res);
    handled.catch((error: unknown) => {
      console.error('KMS emulator: request failed', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = 65_000;
  if (persistence) server.on('close', () => persistence.close());
  emulators.set(server, emulator);
  return server;
}

/** The in-process emulator behind a server made by createKmsEmulator (for the local stack and tests). */
export function emulatorOf(server: Server): KmsEmulator {
  const emulator = emulators.get(server);
  if (!emulator) throw new Error('This server was not made by createKmsEmulator');
  return emulator;
}
