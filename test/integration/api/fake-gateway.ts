// The local API Gateway in-process over fake deps that a test can swap between requests.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { apiHandlers, createLocalApiGateway, localAuthorizer } from '../../../local/api-gateway/index.js';
import {
  createLocalJwtIssuer,
  type LocalIdentity,
  type LocalJwtIssuer,
} from '../../../local/auth/local-jwt-issuer.js';
import { type FakeApiDeps, fakeDeps } from '../../unit/api/helpers/fake-deps.js';

export interface FakeGateway {
  deps: FakeApiDeps;
  readonly issuer: LocalJwtIssuer;
  readonly baseUrl: string;
  token(identity: LocalIdentity): Promise<string>;
  close(): Promise<void>;
}

export async function startFakeGateway(): Promise<FakeGateway> {
  // Tokens are issued at the fake clock's time, which every fakeDeps() starts from.
  const issuer = await createLocalJwtIssuer({ now: () => Date.parse('2026-01-01T00:00:00Z') / 1000 });
  const state = { deps: fakeDeps() };
  // Handlers look the deps up per request, so a test can give each case fresh state on one server.
  const names = Object.keys(apiHandlers(state.deps));
  const handlers = Object.fromEntries(
    names.map((name) => [
      name,
      (event: never, context: never) => apiHandlers(state.deps)[name]!(event, context),
    ]),
  );
  const server: Server = createLocalApiGateway({
    handlers,
    authorizer: (event: APIGatewayRequestAuthorizerEvent) => localAuthorizer(issuer, state.deps)(event),
    issuer,
    port: 0,
    log: () => {},
  });
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    get deps() {
      return state.deps;
    },
    set deps(next: FakeApiDeps) {
      state.deps = next;
    },
    issuer,
    baseUrl,
    token: (identity) => issuer.issueToken(identity, 3600),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
