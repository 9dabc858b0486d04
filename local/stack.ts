// The whole control plane on one machine: the KMS emulator, dynalite with the tables of
// template.yaml, the local Step Functions service with every workflow registered (wired to the same
// task handlers that run in Lambda), and the REST API behind the local API Gateway with a local JWT
// issuer. `npm start`, the demo and the end-to-end tests build it the same way.
//
// One file on purpose: it is the composition root of the local stack (what starts, in which order,
// and how it stops); the pieces it wires live in their own folders and files.
import './polyfills.js';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { createDepsOf } from '../src/app/api/actions/launch-deps.js';
import { loadApiConfig } from '../src/app/api/api-config.js';
import type { ApiDeps, ApiSettings } from '../src/app/api/api-deps.js';
import { buildApiDeps } from '../src/app/api/build-api-deps.js';
import { loadConfig } from '../src/app/config.js';
import { powertoolsTelemetry } from '../src/app/http/telemetry.js';
import { resumeInterruptedCreates } from '../src/app/keys/finish-create.js';
import type { WorkflowName } from '../src/core/ports/workflow-starter.js';
import { createLocalApiGateway } from './api-gateway/index.js';
import { type LocalAuditDigests, startLocalAuditDigests } from './audit-digests.js';
import { createLocalJwtIssuer, type LocalJwtIssuer } from './auth/local-jwt-issuer.js';
import { type LocalDynamo, startLocalDynamo } from './dynamodb/start-local-dynamo.js';
import { createKmsEmulator, emulatorOf, type KmsEmulator } from './kms/index.js';
import { closeServer, listen, PortInUseError } from './listen.js';
import { markInterruptedOperations } from './mark-interrupted-operations.js';
import { readinessProblem } from './stack-readiness.js';
import { createStepFunctionsService, type StepFunctionsService } from './stepfunctions/index.js';
import { createLocalWorkflows, type LocalWorkflows } from './workflows/index.js';

export { listen, PortInUseError } from './listen.js';
export { INTERRUPTED_ERROR } from './mark-interrupted-operations.js';

export const DEFAULT_PORTS = { kms: 4599, dynamodb: 4567, stepFunctions: 4584, api: 3000 } as const;
export const STACK_ACCOUNT = '111122223333';
export const STACK_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
/** The Regions key sets may use unless `allowedRegions` says otherwise (ALLOWED_REGIONS). */
export const DEFAULT_ALLOWED_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'ap-southeast-2',
  'ap-northeast-1',
] as const;
/** The identity of the token `npm start` prints: every route, every tenant. */
export const ADMIN_IDENTITY = { sub: 'local-admin', tenants: [], roles: ['admin'] } as const;
const ADMIN_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

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
  /** Also log read-only KMS calls (Encrypt, Decrypt, DescribeKey, ...) in the emulator's event log. */
  recordReadOnlyEvents?: boolean;
  /** Step Functions Wait/Retry scale; 0 makes them instant (tests). Default 1. */
  waitScale?: number;
  /** ALLOWED_REGIONS of the API (the guardrails' Regions). Default DEFAULT_ALLOWED_REGIONS. */
  allowedRegions?: readonly string[];
  /** How often the signed audit digest is written (AUDIT_DIGEST_INTERVAL_MINUTES). Default 1 hour. */
  auditDigestIntervalMs?: number;
  /** The API's log level (Powertools JSON logs on stdout). Default ERROR: quiet unless something breaks. */
  apiLogLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * An identities file (path or content) for the KMS emulator: key policies and grants are then enforced per
   * caller. It must list the stack's own access key (STACK_CREDENTIALS), which the control plane calls as.
   */
  kmsIdentities?: string;
  /** API settings beyond the defaults (the invariant harness shortens the idempotency lease). */
  apiSettings?: Partial<ApiSettings>;
  log?: (message: string) => void;
}

export interface LocalStack {
  endpoints: { kms: string; dynamodb: string; stepFunctions: string; api: string };
  tableName: string;
  region: string;
  account: string;
  stateMachineArns: Record<string, string>;
  kms: KmsEmulator;
  /** The emulator's HTTP server (tests stop it to see the API report it missing). */
  kmsServer: Server;
  workflows: LocalWorkflows;
  stepFunctions: StepFunctionsService;
  dynamo: LocalDynamo;
  /** The API handlers' ports (the same DynamoDB table the workflows use). */
  apiDeps: ApiDeps;
  /** The local JWT issuer the authorizer trusts (POST /_local/token issues from it too). */
  issuer: LocalJwtIssuer;
  /** An admin token, valid for 7 days; also in <dataDir>/admin.token when there is a data folder. */
  adminToken: string;
  allowedRegions: readonly string[];
  dataDir: string | undefined;
  /** Operations whose workflow the last stop interrupted, marked Failed at this start. */
  interruptedOperations: readonly string[];
  /** The signed audit digests: written at start and every period; `writeNow()` writes one on demand. */
  auditDigests: LocalAuditDigests;
  close(): Promise<void>;
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
      ...(options.recordReadOnlyEvents !== undefined && {
        recordReadOnlyEvents: options.recordReadOnlyEvents,
      }),
      ...(options.kmsIdentities !== undefined && { identities: options.kmsIdentities }),
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

    const allowedRegions = [...(options.allowedRegions ?? DEFAULT_ALLOWED_REGIONS)];
    const apiDeps = buildApiDeps(
      loadApiConfig({
        AWS_REGION: region,
        KEYS_TABLE_NAME: tableName,
        ALLOWED_REGIONS: allowedRegions.join(','),
        KMS_ENDPOINT: kmsEndpoint,
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        SFN_ENDPOINT: stepFunctionsEndpoint,
        // Paging tokens only need to outlive one listing, so a secret per process is enough locally.
        PAGE_TOKEN_SECRET: randomBytes(24).toString('hex'),
        LOG_LEVEL: options.apiLogLevel ?? 'ERROR',
      }),
      {
        credentials: STACK_CREDENTIALS,
        stateMachineArn: (workflow: WorkflowName) => stateMachineArns[workflow],
        ...(options.apiSettings !== undefined && { settings: options.apiSettings }),
        // Logs as configured, but no EMF metric documents: locally they would flood stdout per request.
        telemetry: {
          logger: powertoolsTelemetry({
            serviceName: 'mrk-control-plane-api',
            logLevel: options.apiLogLevel ?? 'ERROR',
          }).logger,
          recordRequest: () => {},
        },
      },
    );
    const auditDigests = await startLocalAuditDigests({
      base: loadConfig({
        AWS_REGION: region,
        KEYS_TABLE_NAME: tableName,
        ALLOWED_REGIONS: allowedRegions.join(','),
        KMS_ENDPOINT: kmsEndpoint,
        DYNAMODB_ENDPOINT: dynamo.endpoint,
      }),
      clock: apiDeps.clock,
      credentials: STACK_CREDENTIALS,
      intervalMs: options.auditDigestIntervalMs,
      log: options.log ?? ((line) => console.error(line)),
    });
    cleanups.push(async () => auditDigests.stop());
    // GET /audit?verify=true checks the signed digests too (functions/api/audit-api.ts does the same).
    Object.assign(apiDeps, { auditAnchors: auditDigests.anchors });
    const sfnClient = new SFNClient({
      region,
      endpoint: stepFunctionsEndpoint,
      credentials: STACK_CREDENTIALS,
    });
    const dynamoClient = new DynamoDBClient({
      region,
      endpoint: dynamo.endpoint,
      credentials: STACK_CREDENTIALS,
    });
    cleanups.push(async () => {
      sfnClient.destroy();
      dynamoClient.destroy();
    });
    const interruptedOperations = await markInterruptedOperations(
      sfnClient,
      Object.values(stateMachineArns),
      apiDeps,
    );
    // Creates the last stop cut off between CreateKey and recording the set: nothing is in flight now.
    await resumeInterruptedCreates(createDepsOf(apiDeps), 0);

    const issuer = await createLocalJwtIssuer({
      ...(options.dataDir !== undefined && { dir: join(options.dataDir, 'auth') }),
    });
    const adminToken = await issuer.issueToken(ADMIN_IDENTITY, ADMIN_TOKEN_TTL_SECONDS);
    let stopping = false;
    const gateway = createLocalApiGateway({
      deps: apiDeps,
      issuer,
      log: options.log ?? ((line) => console.error(line)),
      readiness: async () =>
        stopping
          ? 'the local stack is stopping'
          : readinessProblem({ kmsEndpoint, dynamoClient, tableName, sfnClient }),
    });
    cleanups.push(async () => {
      stopping = true;
      await closeServer(gateway);
    });
    // The API listens last, so GET /health cannot answer before every stand-in behind it is up.
    const apiEndpoint = await listen(gateway, ports.api, host, 'REST API');
    const endpoints = {
      kms: kmsEndpoint,
      dynamodb: dynamo.endpoint,
      stepFunctions: stepFunctionsEndpoint,
      api: apiEndpoint,
    };
    if (options.dataDir !== undefined)
      await writeStackFiles(options.dataDir, adminToken, { endpoints, tableName, region });

    return {
      endpoints,
      tableName,
      region,
      account: STACK_ACCOUNT,
      stateMachineArns,
      kms,
      kmsServer,
      workflows,
      stepFunctions,
      dynamo,
      apiDeps,
      issuer,
      adminToken,
      allowedRegions,
      dataDir: options.dataDir,
      interruptedOperations,
      auditDigests,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** admin.token (owner-only: a bearer token) and local-stack.json (where everything listens, for `mrkctl login --local`). */
async function writeStackFiles(
  dataDir: string,
  adminToken: string,
  info: Record<string, unknown>,
): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, 'admin.token'), `${adminToken}\n`, { mode: 0o600 });
  await writeFile(
    join(dataDir, 'local-stack.json'),
    `${JSON.stringify({ ...info, pid: process.pid, startedAt: new Date().toISOString() }, null, 2)}\n`,
  );
}
