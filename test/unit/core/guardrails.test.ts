import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../src/core/errors.js';
import {
  assertGuardrails,
  checkGuardrails,
  type GuardrailRequest,
  type Principal,
} from '../../../src/core/guardrails/check-guardrails.js';
import { guardrailRequestFor } from '../../../src/core/guardrails/guardrail-request-for.js';
import type { GuardrailRule, GuardrailRules } from '../../../src/core/guardrails/guardrail-rules.js';
import { keySetFixture } from './fixtures.js';

const rules: GuardrailRules = {
  allowedPartitions: ['aws'],
  allowedRegions: ['us-east-1', 'eu-west-1', 'eu-central-1', 'us-west-2', 'us-gov-west-1'],
  tenantResidency: { payments: ['us-east-1', 'eu-west-1', 'us-west-2'] },
  allowedKeySpecs: ['SYMMETRIC_DEFAULT', 'HMAC_256'],
  requiredTags: ['team'],
  minimumDeletionWindowDays: 14,
  maximumReplicas: 2,
  rotationRequiredForSymmetric: true,
  exemptions: [{ role: 'break-glass', rules: ['minimumDeletionWindow'] }],
};
const operator: Principal = { sub: 'alice', tenants: ['payments'], roles: ['operator'] };
const base = guardrailRequestFor(keySetFixture(), 'CreateKey');

describe('checkGuardrails', () => {
  it('allows a request inside every rule', () => {
    expect(checkGuardrails(base, rules, operator)).toEqual([]);
  });

  it.each<[string, Partial<GuardrailRequest>, GuardrailRule[], Principal?]>([
    ['another tenant', { tenant: 'billing' }, ['tenantAccess'], undefined],
    [
      'a Region in another partition',
      { regions: ['us-east-1', 'us-gov-west-1'] },
      ['allowedPartitions', 'tenantResidency'],
    ],
    ['a Region not allowed', { regions: ['us-east-1', 'ap-south-1'] }, ['allowedRegions', 'tenantResidency']],
    [
      'a Region outside the tenant residency',
      { regions: ['us-east-1', 'eu-central-1'] },
      ['tenantResidency'],
    ],
    ['a key spec not allowed', { keySpec: 'RSA_2048' }, ['allowedKeySpecs']],
    [
      'a missing required tag',
      { tagsByRegion: { 'us-east-1': { team: 'x' }, 'eu-west-1': {} } },
      ['requiredTags'],
    ],
    [
      'a short deletion window',
      { action: 'ScheduleDeletion', pendingWindowInDays: 7 },
      ['minimumDeletionWindow'],
    ],
    [
      'too many replicas',
      { regions: ['us-east-1', 'eu-west-1', 'us-west-2', 'eu-central-1'] },
      ['maximumReplicas', 'tenantResidency'],
    ],
    ['rotation off on a symmetric key', { rotation: { enabled: false } }, ['rotationRequired']],
  ])('names the rule broken by %s', (_name, change, broken, principal) => {
    // New Regions carry the required tag, so each case breaks only the rules it names.
    const tagsByRegion = Object.fromEntries(
      (change.regions ?? []).map((region) => [region, { team: 'payments' }]),
    );
    const request = { ...base, tagsByRegion: { ...base.tagsByRegion, ...tagsByRegion }, ...change };
    const violations = checkGuardrails(request, rules, principal ?? operator);
    expect(violations.map((item) => item.rule).sort()).toEqual([...broken].sort());
    for (const item of violations) expect(item.message.length).toBeGreaterThan(10);
  });

  it('exempts the named rules for a role, and only those', () => {
    const request = {
      ...base,
      action: 'ScheduleDeletion' as const,
      pendingWindowInDays: 7,
      rotation: { enabled: false },
    };
    const breakGlass = { ...operator, roles: ['break-glass'] };
    expect(checkGuardrails(request, rules, breakGlass).map((item) => item.rule)).toEqual([
      'rotationRequired',
    ]);
  });

  it('lets an admin act for any tenant but not around other rules', () => {
    const admin = { sub: 'root', tenants: [], roles: ['admin'] };
    expect(checkGuardrails({ ...base, tenant: 'billing' }, rules, admin)).toEqual([]);
    expect(checkGuardrails({ ...base, keySpec: 'RSA_4096' }, rules, admin).map((item) => item.rule)).toEqual([
      'allowedKeySpecs',
    ]);
  });

  it('assertGuardrails throws ForbiddenError naming the first rule and listing all', () => {
    const request = { ...base, keySpec: 'RSA_2048' as const, rotation: { enabled: false } };
    let error: unknown;
    try {
      assertGuardrails(request, { ...rules, rotationRequiredForSymmetric: true }, operator);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).details).toMatchObject({
      rule: 'allowedKeySpecs',
      violations: [expect.objectContaining({ rule: 'allowedKeySpecs' })],
    });
    expect(() => assertGuardrails(base, rules, operator)).not.toThrow();
  });

  it('checks per-Region overrides of tags in the request built from a key set', () => {
    const keySet = keySetFixture({
      desired: {
        ...keySetFixture().desired,
        tags: {},
        regionOverrides: { 'us-east-1': { tags: { team: 'payments' } } },
      },
    });
    const violations = checkGuardrails(guardrailRequestFor(keySet, 'DriftScan'), rules, operator);
    expect(violations).toEqual([expect.objectContaining({ rule: 'requiredTags', region: 'eu-west-1' })]);
  });
});
