// The KMS emulator's public entry: createKmsEmulator(options) returns a plain http.Server.
import { createServer, type Server } from 'node:http';
import { handleAdminRequest } from './admin.js';
import { KmsEmulator } from './emulator.js';
import type { KmsEmulatorOptions } from './options.js';

export { KmsEmulator } from './emulator.js';
export type { KmsEmulatorOptions } from './options.js';

const emulators = new WeakMap<Server, KmsEmulator>();

export function createKmsEmulator(options: KmsEmulatorOptions = {}): Server {
  const emulator = new KmsEmulator(options);
  const server = createServer((req, res) => {
    const handled = req.url?.startsWith('/_emulator/')
      ? handleAdminRequest(emulator, req, res)
      : emulator.handleKmsRequest(req, res);
    handled.catch((error: unknown) => {
      console.error('KMS emulator: request failed', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = 65_000;
  emulators.set(server, emulator);
  return server;
}

/** The in-process emulator behind a server made by createKmsEmulator (for the local stack and tests). */
export function emulatorOf(server: Server): KmsEmulator {
  const emulator = emulators.get(server);
  if (!emulator) throw new Error('This server was not made by createKmsEmulator');
  return emulator;
}
