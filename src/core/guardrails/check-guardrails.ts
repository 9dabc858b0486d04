// checkGuardrails: every rule a proposed key-set state breaks, each naming its rule.
import { ForbiddenError } from '../errors.js';
import { partitionOfRegion } from '../identifiers/partitions.js';
import type { KeyOrigin, KeySpec, RotationSettings } from '../model/key-set.js';
import type { Tags } from '../model/tags.js';
import type { GuardrailRule, GuardrailRules } from './guardrail-rules.js';

export type GuardrailAction =
  | 'CreateKey'
  | 'AddReplicas'
  | 'UpdateProperties'
  | 'Promote'
  | 'ScheduleDeletion'
  | 'DeleteReplica'
  | 'Adopt'
  | 'DriftScan';

/** The state a request would leave the key set in (not the delta): checking the result covers every path. */
export interface GuardrailRequest {
  readonly action: GuardrailAction;
  readonly tenant: string;
  readonly primaryRegion: string;
  /** Every member Region after the change, the primary's included. */
  readonly regions: readonly string[];
  readonly keySpec: KeySpec;
  readonly origin: KeyOrigin;
  /** Effective tags per member Region (base tags with overrides applied). */
  readonly tagsByRegion: Readonly<Record<string, Tags>>;
  readonly rotation: RotationSettings;
  /** For ScheduleDeletion and DeleteReplica. */
  readonly pendingWindowInDays?: number | undefined;
}

export interface Principal {
  readonly sub: string;
  readonly tenants: readonly string[];
  readonly roles: readonly string[];
}

export interface GuardrailViolation {
  readonly rule: GuardrailRule;
  readonly message: string;
  readonly region?: string | undefined;
}

/** Returns every violation (empty when allowed), in rule order, so a caller can fix them all at once. */
export function checkGuardrails(
  request: GuardrailRequest,
  rules: GuardrailRules,
  principal: Principal,
): readonly GuardrailViolation[] {
  const exempt = new Set(
    (rules.exemptions ?? [])
      .filter((item) => principal.roles.includes(item.role))
      .flatMap((item) => item.rules),
  );
  return collect(request, rules, principal).filter((violation) => !exempt.has(violation.rule));
}

/** Like checkGuardrails, but throws ForbiddenError (details.rule = first rule, details.violations = all). */
export function assertGuardrails(
  request: GuardrailRequest,
  rules: GuardrailRules,
  principal: Principal,
): void {
  const violations = checkGuardrails(request, rules, principal);
  const first = violations[0];
  if (first !== undefined) {
    throw new ForbiddenError(first.message, { details: { rule: first.rule, violations } });
  }
}

function collect(
  request: GuardrailRequest,
  rules: GuardrailRules,
  principal: Principal,
): GuardrailViolation[] {
  const out: GuardrailViolation[] = [];
  const add = (rule: GuardrailRule, message: string, region?: string) => out.push({ rule, message, region });
  if (!principal.roles.includes('admin') && !principal.tenants.includes(request.tenant)) {
    add('tenantAccess', `${principal.sub} may not manage keys of tenant ${request.tenant}`);
  }
  const regions = [...new Set([request.primaryRegion, ...request.regions])];
  for (const region of regions) {
    const partition = partitionOfRegion(region);
    if (partition === undefined || !rules.allowedPartitions.includes(partition)) {
      add(
        'allowedPartitions',
        `Region ${region} is in partition ${partition ?? 'unknown'}, which is not allowed`,
        region,
      );
    }
  }
  for (const region of regions) {
    if (!rules.allowedRegions.includes(region))
      add('allowedRegions', `Region ${region} is not allowed`, region);
  }
  const residency = rules.tenantResidency[request.tenant];
  for (const region of regions) {
    if (residency !== undefined && !residency.includes(region)) {
      add(
        'tenantResidency',
        `Keys of tenant ${request.tenant} must stay in ${residency.join(', ')}; ${region} is outside`,
        region,
      );
    }
  }
  if (!rules.allowedKeySpecs.includes(request.keySpec))
    add('allowedKeySpecs', `Key spec ${request.keySpec} is not allowed`);
  for (const region of regions) {
    const tags = request.tagsByRegion[region] ?? {};
    const missing = rules.requiredTags.filter((key) => !Object.hasOwn(tags, key) || tags[key] === '');
    if (missing.length > 0)
      add('requiredTags', `The key in ${region} lacks required tags: ${missing.join(', ')}`, region);
  }
  const deletes = request.action === 'ScheduleDeletion' || request.action === 'DeleteReplica';
  if (deletes && (request.pendingWindowInDays ?? 30) < rules.minimumDeletionWindowDays) {
    add(
      'minimumDeletionWindow',
      `The deletion window must be at least ${rules.minimumDeletionWindowDays} days (got ${request.pendingWindowInDays})`,
    );
  }
  if (regions.length - 1 > rules.maximumReplicas) {
    add(
      'maximumReplicas',
      `A key set may have at most ${rules.maximumReplicas} replicas (would have ${regions.length - 1})`,
    );
  }
  const symmetric = request.keySpec === 'SYMMETRIC_DEFAULT' && request.origin === 'AWS_KMS';
  if (rules.rotationRequiredForSymmetric && symmetric && !request.rotation.enabled) {
    add('rotationRequired', 'Symmetric keys must have automatic rotation enabled');
  }
  return out;
}
