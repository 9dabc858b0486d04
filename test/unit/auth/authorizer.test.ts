// The REQUEST authorizer with the sample event: Allow with the principal as context, or Unauthorized logged.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalJwtIssuer, type LocalJwtIssuer } from '../../../local/auth/local-jwt-issuer.js';
import { createAuthorizerHandler } from '../../../src/app/auth/authorizer.js';
import { principalFromAuthorizer } from '../../../src/app/auth/principal-from-authorizer.js';
import { createTokenVerifier } from '../../../src/app/auth/verify-token.js';
import { recordingTelemetry } from '../../../src/app/http/telemetry.js';
import { FixedClock } from '../../../src/core/fakes/fixed-clock.js';

const sample = JSON.parse(
  readFileSync(new URL('../../../events/authorizer/request.json', import.meta.url), 'utf8'),
) as APIGatewayRequestAuthorizerEvent;
const clock = new FixedClock('2026-01-01T00:00:00Z');
let issuer: LocalJwtIssuer;

beforeAll(async () => {
  issuer = await createLocalJwtIssuer({ now: () => clock.now().getTime() / 1000 });
});

function setup() {
  const telemetry = recordingTelemetry();
  const handler = createAuthorizerHandler({
    verify: createTokenVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      keys: issuer.keys,
      clock,
    }),
    telemetry,
  });
  return { telemetry, handler };
}

function withAuthorization(value: string | undefined): APIGatewayRequestAuthorizerEvent {
  const headers: Record<string, string> = { ...(sample.headers as Record<string, string>) };
  if (value === undefined) delete headers.Authorization;
  else headers.Authorization = value;
  return { ...sample, headers };
}

describe('JWT authorizer', () => {
  it('allows the whole stage and passes sub, tenants and roles on as context', async () => {
    const { handler } = setup();
    const token = await issuer.issueToken({ sub: 'alice', tenants: ['payments'], roles: ['operator'] });
    const result = await handler(withAuthorization(`Bearer ${token}`));
    expect(result.principalId).toBe('alice');
    expect(result.policyDocument.Statement).toEqual([
      {
        Action: 'execute-api:Invoke',
        Effect: 'Allow',
        Resource: 'arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/prod/*',
      },
    ]);
    expect(principalFromAuthorizer(result.context)).toEqual({
      sub: 'alice',
      tenants: ['payments'],
      roles: ['operator'],
    });
  });

  it.each([
    ['no header', undefined, 'no Authorization header'],
    ['not a bearer token', 'Basic abc', 'the Authorization header is not a Bearer token'],
    ['garbage', 'Bearer garbage', 'malformed token'],
  ])('answers Unauthorized for %s, logged and counted but not audited', async (_case, header, why) => {
    const { handler, telemetry } = setup();
    await expect(handler(withAuthorization(header))).rejects.toThrow('Unauthorized');
    // An unauthenticated caller must not be able to write to the tamper-evident trail: the authorizer has
    // no audit log at all (and template.yaml gives it no table rights).
    expect(telemetry.entries.find((entry) => entry.message === 'Request denied')?.extra).toEqual([
      expect.objectContaining({ reason: why, audited: false, notAuditedBecause: 'anonymous' }),
    ]);
    expect(telemetry.requests).toEqual([{ operation: 'Authorizer', outcome: 'Denied', status: 401 }]);
  });
});

describe('local JWT issuer', () => {
  it('keeps its key pair in the folder across restarts (mode 0600) and serves the public key only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mrk-issuer-'));
    try {
      const first = await createLocalJwtIssuer({ dir });
      const second = await createLocalJwtIssuer({ dir });
      expect(second.jwks()).toEqual(first.jwks());
      expect(first.jwks().keys[0]).not.toHaveProperty('d');
      expect((await stat(join(dir, 'jwt-signing-key.json'))).mode & 0o777).toBe(0o600);
      const token = await first.issueToken({ sub: 'a', tenants: [], roles: ['viewer'] });
      const verify = createTokenVerifier({
        issuer: second.issuer,
        audience: second.audience,
        keys: second.keys,
        clock: { now: () => new Date() },
      });
      await expect(verify(token)).resolves.toEqual({ sub: 'a', tenants: [], roles: ['viewer'] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
