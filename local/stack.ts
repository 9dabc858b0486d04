// The whole control plane on one machine: the KMS emulator, dynalite with the tables of
// template.yaml, and the local Step Functions service with every workflow registered, wired to the
// same task handlers that run in Lambda. `npm start` and the end-to-end tests build it the same way.
import './polyfills.js';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type LocalDynamo, startLocalDynamo } from './dynamodb/start-local-dynamo.js';
import { createKmsEmulator, emulatorOf, type KmsEmulator } from './kms/index.js';
import { createStepFunctionsService, type StepFunctionsService } from './stepfunctions/index.js';
import { createLocalWorkflows, type LocalWorkflows } from './workflows/index.js';

export const DEFAULT_PORTS = { kms: 4599, dynamodb: 4567, stepFunctions: 4584, api: 3000 } as const;
export const STACK_ACCOUNT = '111122223333';
export const STACK_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface LocalStackOptions {
  /** Where state lives; undefined keeps everything in memory. */
  dataDir?: string;
  host?: string;
  /** 0 picks a free port (tests). */
  ports?: Partial<Record<keyof typeof DEFAULT_PORTS, number>>;
  /** The control plane's own Region (audit writer, DynamoDB client). Default us-east-1. */
  region?: string;
  /** Emulator clock speed (86400 = a day per second). Default 1. */
  timeScale?: number;
  creatingMs?: number;
  updatingMs?: number;
  /** Step Functions Wait/Retry scale; 0 makes them instant (tests). Default 1. */
  waitScale?: number;
  log?: (message: string) => void;
}

export interface LocalStack {
  endpoints: { kms: string; dynamodb: string; stepFunctions: string };
  tableName: string;
  region: string;
  account: string;
  stateMachineArns: Record<string, string>;
  kms: KmsEmulator;
  workflows: LocalWorkflows;
  stepFunctions: StepFunctionsService;
  dynamo: LocalDynamo;
  close(): Promise<void>;
}

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

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const region = options.region ?? 'us-east-1';
  const dir = (name: string) => (options.dataDir === undefined ? undefined : join(options.dataDir, name));
  const cleanups: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };

  try {
    const kmsServer = createKmsEmulator({
      account: STACK_ACCOUNT,
      dataDir: dir('kms'),
      ...(options.timeScale !== undefined && { timeScale: options.timeScale }),
      ...(options.creatingMs !== undefined && { creatingMs: options.creatingMs }),
      ...(options.updatingMs !== undefined && { updatingMs: options.updatingMs }),
    });
    const kms = emulatorOf(kmsServer);
    // Closing the server also writes the final snapshot and releases the data folder.
    cleanups.push(() => closeServer(kmsServer));
    const kmsEndpoint = await listen(kmsServer, ports.kms, host, 'KMS emulator');

    const dynamoDir = dir('dynamodb');
    const dynamo = await startLocalDynamo({
      port: ports.dynamodb,
      host,
      ...(dynamoDir && { dataDir: dynamoDir }),
    }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE' ? new PortInUseError(ports.dynamodb, 'DynamoDB (dynalite)') : error;
    });
    cleanups.push(() => dynamo.close());
    const tableName = dynamo.tableNames[0] ?? 'KeysTable';

    const workflows = createLocalWorkflows({
      kmsEndpoint,
      dynamoEndpoint: dynamo.endpoint,
      tableName,
      region,
      account: STACK_ACCOUNT,
      credentials: STACK_CREDENTIALS,
    });
    const stepFunctions = createStepFunctionsService({
      taskHandlers: workflows.taskHandlers,
      substitutions: workflows.substitutions,
      account: STACK_ACCOUNT,
      defaultRegion: region,
      dataDir: dir('stepfunctions'),
      waitScale: options.waitScale ?? 1,
      ...(options.log && { log: options.log }),
    });
    cleanups.push(() => stepFunctions.close());
    const stepFunctionsEndpoint = await listen(
      stepFunctions.server,
      ports.stepFunctions,
      host,
      'Step Functions',
    );
    const stateMachineArns = workflows.register(stepFunctions);

    return {
      endpoints: { kms: kmsEndpoint, dynamodb: dynamo.endpoint, stepFunctions: stepFunctionsEndpoint },
      tableName,
      region,
      account: STACK_ACCOUNT,
      stateMachineArns,
      kms,
      workflows,
      stepFunctions,
      dynamo,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
