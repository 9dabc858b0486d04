// Composition root of the authorizer: the issuer's remote JWKS (cached by jose) and the audit log.

import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet } from 'jose';
import { createDocumentClient } from '../../adapters/aws/clients.js';
import { createDynamoStore } from '../../adapters/aws/dynamodb/dynamo-store.js';
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
  const store = createDynamoStore({
    client: createDocumentClient({ region: config.region, endpoint: config.endpoints.dynamodb }),
    tableName: config.keysTableName,
    // The authorizer only appends audit events and never pages, so a per-container secret is enough.
    pageTokenSecret: randomBytes(24).toString('hex'),
    clock: systemClock,
  });
  return {
    verify: createTokenVerifier({
      issuer: issuer!,
      audience: audience!,
      keys: createRemoteJWKSet(new URL(jwksUrl!)),
      clock: systemClock,
    }),
    audit: store.audit,
    clock: systemClock,
    writerRegion: config.region,
    // Logger and metrics only: no Powertools Tracer. Its one AWS call (auditing a denial) is rare and its
    // JWKS fetch is not an AWS SDK call, so the X-Ray SDK would add ~120 KiB and cold-start time for
    // nothing that Lambda's active tracing (Tracing: Active) does not already record.
    telemetry: powertoolsTelemetry({
      serviceName: 'mrk-control-plane-authorizer',
      logLevel: config.logLevel,
    }),
  };
}
