// The Lambda REQUEST authorizer: verifies the bearer token and hands the principal on, or answers 401.
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { UnauthorizedError } from '../../core/errors.js';
import type { ApiTelemetry } from '../http/telemetry.js';
import { authorizerContextOf } from './principal-from-authorizer.js';
import type { TokenVerifier } from './verify-token.js';

/**
 * No audit log: an unauthenticated caller is no one to audit, so the authorizer logs and counts its 401s and
 * holds no right to write to the table (template.yaml gives it no DynamoDB policy).
 */
export interface AuthorizerDeps {
  readonly verify: TokenVerifier;
  readonly telemetry: ApiTelemetry;
}

export type AuthorizerHandler = (
  event: APIGatewayRequestAuthorizerEvent,
) => Promise<APIGatewayAuthorizerResult>;

/**
 * API Gateway turns the error `Unauthorized` into a 401 (the one message it maps so). The policy
 * allows the whole API, so API Gateway may cache it per token; roles and tenants are checked by the
 * handlers on every request.
 */
export function createAuthorizerHandler(deps: AuthorizerDeps): AuthorizerHandler {
  return async (event) => {
    const requestId = event.requestContext?.requestId ?? 'unknown';
    const route = `${event.httpMethod ?? ''} ${event.resource ?? ''}`.trim();
    try {
      const token = bearerToken(event.headers ?? {});
      const principal = await deps.verify(token);
      deps.telemetry.logger.debug('Token verified', { principal: principal.sub, requestId });
      return {
        principalId: principal.sub,
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: wholeApi(event.methodArn) }],
        },
        context: authorizerContextOf(principal),
      };
    } catch (error) {
      const reason = error instanceof UnauthorizedError ? error.message : 'verification failed';
      if (!(error instanceof UnauthorizedError)) deps.telemetry.logger.error('Authorizer error', { error });
      // Logged and counted, never written to the audit trail (record-denial.ts: the same for the handlers).
      deps.telemetry.logger.warn('Request denied', {
        reason,
        status: 401,
        principal: 'anonymous',
        route,
        requestId,
        audited: false,
        notAuditedBecause: 'anonymous',
      });
      deps.telemetry.recordRequest('Authorizer', 'Denied', 401);
      throw new Error('Unauthorized');
    }
  };
}

function bearerToken(headers: Readonly<Record<string, string | undefined>>): string {
  const value = Object.entries(headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  if (value === undefined) throw new UnauthorizedError('no Authorization header');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  if (!match) throw new UnauthorizedError('the Authorization header is not a Bearer token');
  return match[1]!;
}

/** `arn:...:apiId/stage/METHOD/path` -> `arn:...:apiId/stage/*`. */
function wholeApi(methodArn: string): string {
  const [prefix, stage] = (methodArn ?? '').split('/');
  return prefix && stage ? `${prefix}/${stage}/*` : methodArn;
}
