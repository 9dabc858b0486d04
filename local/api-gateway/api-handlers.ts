// The in-process stand-ins of the API's Lambda functions, by logical id, built from one set of deps.
import type { ApiDeps } from '../../src/app/api/api-deps.js';
import {
  createAuditApiHandler,
  createHealthApiHandler,
  createKeysApiHandler,
  createOperationsApiHandler,
} from '../../src/app/api/create-api-handler.js';
import { type AuthorizerHandler, createAuthorizerHandler } from '../../src/app/auth/authorizer.js';
import { createTokenVerifier } from '../../src/app/auth/verify-token.js';
import type { LocalJwtIssuer } from '../auth/local-jwt-issuer.js';

export type LambdaLike = (event: never, context: never) => Promise<unknown>;

export function apiHandlers(deps: ApiDeps): Record<string, LambdaLike> {
  return {
    KeysApiFunction: createKeysApiHandler(deps),
    OperationsApiFunction: createOperationsApiHandler(deps),
    AuditApiFunction: createAuditApiHandler(deps),
    HealthApiFunction: createHealthApiHandler(deps),
  } as Record<string, LambdaLike>;
}

/** The JwtAuthorizerFunction stand-in: trusts the local issuer's JWKS, logs and counts denials through deps. */
export function localAuthorizer(issuer: LocalJwtIssuer, deps: ApiDeps): AuthorizerHandler {
  return createAuthorizerHandler({
    verify: createTokenVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      keys: issuer.keys,
      clock: deps.clock,
    }),
    telemetry: deps.telemetry,
  });
}
