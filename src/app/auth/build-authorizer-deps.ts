// Composition root of the authorizer: the issuer's remote JWKS (cached by jose), logs and metrics.

import { createRemoteJWKSet } from 'jose';
import { type Config, ConfigError } from '../config.js';
import { powertoolsTelemetry } from '../http/telemetry.js';
import { systemClock } from '../system-clock.js';
import type { AuthorizerDeps } from './authorizer.js';
import { createTokenVerifier } from './verify-token.js';

export function buildAuthorizerDeps(config: Config): AuthorizerDeps {
  const { issuer, audience, jwksUrl } = config.jwt;
  const missing = Object.entries({ JWT_ISSUER: issuer, JWT_AUDIENCE: audience, JWKS_URL: jwksUrl })
    .filter(([, value]) => value === undefined)
    .map(([name]) => `${name} is required but not set`);
  if (missing.length > 0) throw new ConfigError(missing);
  return {
    verify: createTokenVerifier({
      issuer: issuer!,
      audience: audience!,
      keys: createRemoteJWKSet(new URL(jwksUrl!)),
      clock: systemClock,
    }),
    // Logger and metrics only: no Powertools Tracer. It makes no AWS call (its JWKS fetch is not an AWS SDK
    // call), so the X-Ray SDK would add ~120 KiB and cold-start time for nothing that Lambda's active
    // tracing (Tracing: Active) does not already record.
    telemetry: powertoolsTelemetry({
      serviceName: 'mrk-control-plane-authorizer',
      logLevel: config.logLevel,
    }),
  };
}
