// Where the Powertools Tracer is built: the keys, operations and audit functions' deps, not health's or the authorizer's.
import { Tracer } from '@aws-lambda-powertools/tracer';
import { describe, expect, it } from 'vitest';
import { loadApiConfig } from '../../../src/app/api/api-config.js';
import { buildApiDeps } from '../../../src/app/api/build-api-deps.js';
import { buildTracedApiDeps } from '../../../src/app/api/build-traced-api-deps.js';
import { buildAuthorizerDeps } from '../../../src/app/auth/build-authorizer-deps.js';
import { loadConfig } from '../../../src/app/config.js';
import { powertoolsTelemetry } from '../../../src/app/http/telemetry.js';

const ENV = {
  AWS_REGION: 'us-east-1',
  KEYS_TABLE_NAME: 'keys-table',
  ALLOWED_REGIONS: 'us-east-1,eu-west-1',
  STATE_MACHINE_ARN_PREFIX: 'arn:aws:states:us-east-1:111122223333:stateMachine:mrk-',
  PAGE_TOKEN_SECRET: 'unit-test-page-token-secret',
  JWT_ISSUER: 'https://issuer.example',
  JWT_AUDIENCE: 'mrk-control-plane',
  JWKS_URL: 'https://issuer.example/.well-known/jwks.json',
  LOG_LEVEL: 'ERROR',
};

describe('tracing composition', () => {
  it('powertoolsTelemetry has a tracer only when given one', () => {
    const tracer = new Tracer({ serviceName: 'unit' });
    expect(powertoolsTelemetry({ serviceName: 'unit', logLevel: 'ERROR' }).tracer).toBeUndefined();
    expect(powertoolsTelemetry({ serviceName: 'unit', logLevel: 'ERROR', tracer }).tracer).toBe(tracer);
  });

  it('buildTracedApiDeps (keys, operations, audit) traces; buildApiDeps (health) does not', () => {
    const config = loadApiConfig(ENV);
    expect(buildTracedApiDeps(config).telemetry.tracer).toBeInstanceOf(Tracer);
    expect(buildApiDeps(config).telemetry.tracer).toBeUndefined();
  });

  it('the authorizer has no tracer', () => {
    expect(buildAuthorizerDeps(loadConfig(ENV)).telemetry.tracer).toBeUndefined();
  });
});
