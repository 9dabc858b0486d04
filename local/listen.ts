// Listening and closing the local stack's HTTP servers, with a taken port named as such.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Thrown when a port is taken, naming the port and the stand-in that wanted it. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly service: string,
  ) {
    super(`Port ${port} (${service}) is already in use. Stop what is using it or choose another port.`);
  }
}

export async function listen(server: Server, port: number, host: string, service: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, service) : error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
