// Starts dynalite in-process (in memory or on disk) with the tables of template.yaml created.

import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createTablesFromTemplate } from './create-tables-from-template.js';

export interface LocalDynamoOptions {
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly host?: string;
  /** A folder for dynalite's LevelDB files; omitted = in memory. Tables survive a restart on disk. */
  readonly dataDir?: string;
  readonly templatePath?: string;
}

export interface LocalDynamo {
  readonly endpoint: string;
  /** Table names by logical id order of the template (e.g. `['KeysTable']`). */
  readonly tableNames: readonly string[];
  /** A client for the endpoint (Region us-east-1, dummy credentials). Closed by close(). */
  readonly client: DynamoDBClient;
  close(): Promise<void>;
}

export const DEFAULT_TEMPLATE_PATH = fileURLToPath(new URL('../../template.yaml', import.meta.url));

/** Local credentials: dynalite checks that requests are signed, not by whom. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export async function startLocalDynamo(options: LocalDynamoOptions): Promise<LocalDynamo> {
  const host = options.host ?? '127.0.0.1';
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  const server = dynalite({
    ...(options.dataDir !== undefined && { path: options.dataDir }),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  const close = async () => {
    client.destroy();
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  };
  try {
    const tableNames = await createTablesFromTemplate(client, options.templatePath ?? DEFAULT_TEMPLATE_PATH);
    return { endpoint, tableNames, client, close };
  } catch (error) {
    await close();
    throw error;
  }
}
