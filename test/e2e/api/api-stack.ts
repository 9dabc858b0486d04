// The REST API on the local stack: real KMS emulator, dynalite, Step Functions; the gateway in-process.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KMSClient } from '@aws-sdk/client-kms';
import { createLocalApiGateway } from '../../../local/api-gateway/index.js';
import { createLocalJwtIssuer, type LocalIdentity } from '../../../local/auth/local-jwt-issuer.js';
import { type LocalStack, STACK_CREDENTIALS, startLocalStack } from '../../../local/stack.js';
import { loadApiConfig } from '../../../src/app/api/api-config.js';
import type { ApiDeps } from '../../../src/app/api/api-deps.js';
import { buildApiDeps } from '../../../src/app/api/build-api-deps.js';
import { recordingTelemetry } from '../../../src/app/http/telemetry.js';
import type { WorkflowName, WorkflowStarter } from '../../../src/core/ports/workflow-starter.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read as loose JSON and checked by expect().
type Json = any;

export interface ApiStack {
  readonly stack: LocalStack;
  readonly deps: ApiDeps;
  readonly baseUrl: string;
  token(identity: LocalIdentity): Promise<string>;
  call(
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Json; headers: Headers }>;
  /** An AWS SDK client for the stack's KMS in `region` (one per Region, destroyed by close). */
  kms(region: string): KMSClient;
  /** Waits until the operation's execution ends, then reads the operation through the API. */
  settle(token: string, operation: { operationId: string; executionArn?: string }): Promise<Json>;
  close(): Promise<void>;
}

export interface ApiStackOptions {
  /** Wraps the real workflow starter (e.g. to make one start fail). */
  readonly wrapWorkflows?: (real: WorkflowStarter) => WorkflowStarter;
  /** ALLOWED_REGIONS of the API; default us-east-1, eu-west-1, ap-southeast-2, us-west-2. */
  readonly allowedRegions?: readonly string[];
}

export async function startApiStack(options: ApiStackOptions = {}): Promise<ApiStack> {
  const stack = await startLocalStack({
    ports: { kms: 0, dynamodb: 0, stepFunctions: 0, api: 0 },
    waitScale: 0,
    creatingMs: 0,
    updatingMs: 0,
  });
  const config = loadApiConfig({
    AWS_REGION: stack.region,
    KEYS_TABLE_NAME: stack.tableName,
    ALLOWED_REGIONS: (
      options.allowedRegions ?? ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2']
    ).join(','),
    KMS_ENDPOINT: stack.endpoints.kms,
    DYNAMODB_ENDPOINT: stack.endpoints.dynamodb,
    SFN_ENDPOINT: stack.endpoints.stepFunctions,
    PAGE_TOKEN_SECRET: 'e2e-page-token-secret-0123456789',
    LOG_LEVEL: 'ERROR',
  });
  const built = buildApiDeps(config, {
    credentials: STACK_CREDENTIALS,
    stateMachineArn: (workflow: WorkflowName) => stack.stateMachineArns[workflow]!,
    telemetry: recordingTelemetry(),
  });
  const deps = options.wrapWorkflows
    ? { ...built, workflows: options.wrapWorkflows(built.workflows) }
    : built;
  const issuer = await createLocalJwtIssuer();
  const server: Server = createLocalApiGateway({ deps, issuer, port: 0, log: () => {} });
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call: ApiStack['call'] = async (token, method, path, body, headers = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token !== undefined && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  const clients = new Map<string, KMSClient>();
  return {
    stack,
    deps,
    baseUrl,
    async token(identity) {
      const answer = await call(undefined, 'POST', '/_local/token', identity);
      return answer.body.token as string;
    },
    call,
    kms(region) {
      let client = clients.get(region);
      if (client === undefined) {
        client = new KMSClient({ region, endpoint: stack.endpoints.kms, credentials: STACK_CREDENTIALS });
        clients.set(region, client);
      }
      return client;
    },
    async settle(token, operation) {
      if (operation.executionArn) await stack.stepFunctions.waitForExecution(operation.executionArn);
      return (await call(token, 'GET', `/operations/${operation.operationId}`)).body;
    },
    async close() {
      for (const client of clients.values()) client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stack.close();
    },
  };
}
