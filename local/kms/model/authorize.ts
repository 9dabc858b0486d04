// Authorisation of one request on one key, as KMS does it: the key policy (explicit Deny wins, then an
// Allow; an account principal delegates to the caller's IAM policies), then the key's grants. Denials are
// AccessDeniedException in AWS's message shape. IAM is modelled by the identities file: an identity may
// list the actions its IAM policies allow (no list: every action).
import type { OperationContext } from '../operations/operation.js';
import { errors } from '../protocol/errors.js';
import { type Identity, iamAllows } from './identity.js';
import {
  type ParsedCondition,
  type ParsedPolicy,
  type ParsedStatement,
  type PrincipalEntry,
  parsePolicy,
} from './policy.js';
import type { Grant, RegionalKey, SharedKey } from './types.js';

export interface AuthTarget {
  shared: SharedKey;
  key: RegionalKey;
}

type Match = 'direct' | 'account' | undefined;
export type PolicyDecision = 'deny' | 'allow' | 'allowIfIam' | 'none';

/** Values of the request's condition keys, looked up by lower-cased key name. */
export type ConditionValues = (lowerKey: string, key: string) => string | readonly string[] | undefined;

/** The operations whose grants constraints apply (they take an encryption context with a symmetric key). */
const CONTEXT_OPERATIONS = new Set([
  'Encrypt',
  'Decrypt',
  'ReEncryptFrom',
  'ReEncryptTo',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
]);

/**
 * Throws AccessDeniedException unless `ctx.caller` may perform `operation` (a KMS action name without
 * `kms:`, e.g. Decrypt, ReEncryptFrom) on the key. Decisions are remembered for the rest of the request.
 */
export function authorize(ctx: OperationContext, target: AuthTarget, operation: string): void {
  const memo = `${target.key.arn}\n${operation}`;
  if (ctx.authorized.has(memo)) return;
  const caller = ctx.caller;
  const action = `kms:${operation}`;
  const values = conditionValues(ctx, target, operation);
  const decision = evaluatePolicy(
    parsePolicy(target.key.policy),
    caller,
    action,
    target.key.arn,
    target.shared.account,
    values,
  );
  if (decision === 'deny')
    throw denied(caller, action, target.key.arn, 'with an explicit deny in a resource-based policy');
  if (decision === 'allow' || (decision === 'allowIfIam' && iamAllows(caller, action))) {
    ctx.authorized.add(memo);
    return;
  }
  if (grantAllows(target, caller, operation, values)) {
    ctx.authorized.add(memo);
    return;
  }
  throw denied(
    caller,
    action,
    target.key.arn,
    decision === 'allowIfIam'
      ? `because no identity-based policy allows the ${action} action`
      : `because no resource-based policy allows the ${action} action`,
  );
}

/** Operations that use no key (CreateKey, ListKeys, ...): only the caller's IAM policies decide. */
export function authorizeIam(ctx: OperationContext, operation: string, resource: string): void {
  const action = `kms:${operation}`;
  if (!iamAllows(ctx.caller, action)) {
    throw denied(
      ctx.caller,
      action,
      resource,
      `because no identity-based policy allows the ${action} action`,
    );
  }
}

export function denied(caller: Identity, action: string, resource: string, reason: string) {
  return errors.accessDenied(
    `User: ${caller.principal} is not authorized to perform: ${action} on resource: ${resource} ${reason}`,
  );
}

/**
 * Evaluates a key policy for one caller and action: 'deny' (an explicit Deny matched), 'allow', 'allowIfIam'
 * (allowed only if the caller's IAM policies allow it too: an account principal, or a caller of another
 * account), or 'none'.
 */
export function evaluatePolicy(
  policy: ParsedPolicy,
  caller: Identity,
  action: string,
  resource: string,
  keyAccount: string,
  values: ConditionValues,
): PolicyDecision {
  let allow: Match;
  for (const statement of policy.statements) {
    if (!appliesTo(statement, action, resource)) continue;
    const match = principalMatch(statement, caller);
    if (!match || !conditionsHold(statement.conditions, values)) continue;
    if (statement.effect === 'Deny') return 'deny';
    if (match === 'direct' || allow === undefined) allow = match;
  }
  if (allow === undefined) return 'none';
  // A principal of another account also needs its own account's IAM permission (cross-account use).
  return allow === 'direct' && caller.account === keyAccount ? 'allow' : 'allowIfIam';
}

function appliesTo(statement: ParsedStatement, action: string, resource: string): boolean {
  if (statement.actions && !statement.actions.some((pattern) => pattern.test(action))) return false;
  if (statement.notActions?.some((pattern) => pattern.test(action))) return false;
  if (statement.resources && !statement.resources.some((pattern) => pattern.test(resource))) return false;
  if (statement.notResources?.some((pattern) => pattern.test(resource))) return false;
  return true;
}

function entryMatch(entry: PrincipalEntry, caller: Identity): Match {
  switch (entry.kind) {
    case 'any':
      return 'direct';
    case 'account':
      if (entry.account !== caller.account) return undefined;
      return caller.isRoot ? 'direct' : 'account';
    case 'arn':
      return entry.arn === caller.principalArn || entry.arn === caller.principal ? 'direct' : undefined;
    default:
      return undefined;
  }
}

function principalMatch(statement: ParsedStatement, caller: Identity): Match {
  if (statement.principals) {
    let best: Match;
    for (const entry of statement.principals) {
      const match = entryMatch(entry, caller);
      if (match === 'direct') return match;
      best ??= match;
    }
    return best;
  }
  const excluded = statement.notPrincipals?.some((entry) => entryMatch(entry, caller) !== undefined);
  return excluded ? undefined : 'direct';
}

function conditionsHold(conditions: readonly ParsedCondition[], values: ConditionValues): boolean {
  for (const condition of conditions) if (!conditionHolds(condition, values)) return false;
  return true;
}

const NEGATED = new Set([
  'stringnotequals',
  'stringnotequalsignorecase',
  'stringnotlike',
  'arnnotequals',
  'arnnotlike',
  'numericnotequals',
  'datenotequals',
  'notipaddress',
]);

function conditionHolds(condition: ParsedCondition, values: ConditionValues): boolean {
  const raw = values(condition.lowerKey, condition.key);
  const present = raw !== undefined && (typeof raw === 'string' || raw.length > 0);
  if (condition.operator === 'null') {
    const wantAbsent = condition.values.some((value) => value.toLowerCase() === 'true');
    return wantAbsent ? !present : present;
  }
  const negated = NEGATED.has(condition.operator);
  if (!present) {
    if (condition.set === 'all') return true;
    if (condition.set === 'any') return false;
    return condition.ifExists || negated;
  }
  const requestValues = typeof raw === 'string' ? [raw] : (raw as readonly string[]);
  const positive = negated ? condition.operator.replace('not', '') : condition.operator;
  const matchesOne = (value: string) =>
    condition.values.some((policyValue) => compare(positive, value, policyValue));
  if (condition.set === 'all') {
    return requestValues.every((value) => (negated ? !matchesOne(value) : matchesOne(value)));
  }
  // Single-valued keys and ForAnyValue: some request value satisfies the condition.
  return requestValues.some((value) => (negated ? !matchesOne(value) : matchesOne(value)));
}

function compare(operator: string, value: string, policyValue: string): boolean {
  switch (operator) {
    case 'stringequals':
    case 'arnequals':
    case 'binaryequals':
      return value === policyValue;
    case 'stringequalsignorecase':
      return value.toLowerCase() === policyValue.toLowerCase();
    case 'stringlike':
    case 'arnlike':
      return globMatch(policyValue, value);
    case 'bool':
      return value.toLowerCase() === policyValue.toLowerCase();
    case 'numericequals':
      return Number(value) === Number(policyValue);
    case 'numericlessthan':
      return Number(value) < Number(policyValue);
    case 'numericlessthanequals':
      return Number(value) <= Number(policyValue);
    case 'numericgreaterthan':
      return Number(value) > Number(policyValue);
    case 'numericgreaterthanequals':
      return Number(value) >= Number(policyValue);
    default:
      // Date and IP operators: no request in the emulator carries such keys (aws:CurrentTime, aws:SourceIp).
      return false;
  }
}

const globs = new Map<string, RegExp>();
function globMatch(pattern: string, value: string): boolean {
  let regex = globs.get(pattern);
  if (!regex) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    regex = new RegExp(`^${source}$`, 's');
    if (globs.size > 1024) globs.clear();
    globs.set(pattern, regex);
  }
  return regex.test(value);
}

function grantAllows(
  target: AuthTarget,
  caller: Identity,
  operation: string,
  values: ConditionValues,
): boolean {
  if (target.key.grants.length === 0) return false;
  return target.key.grants.some(
    (grant) =>
      granteeMatches(grant.granteePrincipal, caller) &&
      grant.operations.includes(operation) &&
      constraintsHold(grant, target.shared, operation, values),
  );
}

export function granteeMatches(principal: string, caller: Identity): boolean {
  return principal === caller.principal || principal === caller.principalArn;
}

function constraintsHold(
  grant: Grant,
  shared: SharedKey,
  operation: string,
  values: ConditionValues,
): boolean {
  const constraints = grant.constraints as
    | { EncryptionContextEquals?: Record<string, string>; EncryptionContextSubset?: Record<string, string> }
    | undefined;
  if (!constraints) return true;
  // Constraints apply only where an encryption context does (symmetric keys' cryptographic operations).
  if (shared.keySpec !== 'SYMMETRIC_DEFAULT' || !CONTEXT_OPERATIONS.has(operation)) return true;
  const context = lowerKeys((values('@context', '@context') as unknown as Record<string, string>) ?? {});
  // In a grant constraint the key of each pair is not case sensitive, the value is.
  if (constraints.EncryptionContextEquals) {
    const wanted = lowerKeys(constraints.EncryptionContextEquals);
    if (Object.keys(wanted).length !== Object.keys(context).length) return false;
    if (!Object.entries(wanted).every(([key, value]) => context[key] === value)) return false;
  }
  if (constraints.EncryptionContextSubset) {
    const wanted = lowerKeys(constraints.EncryptionContextSubset);
    if (!Object.entries(wanted).every(([key, value]) => context[key] === value)) return false;
  }
  return true;
}

function lowerKeys(context: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(context)) out[key.toLowerCase()] = value;
  return out;
}

const CONTEXT_PREFIX = 'kms:encryptioncontext:';

/** The condition keys of a request on a key (KMS-MRK-SPEC and the KMS condition key reference). */
export function conditionValues(
  ctx: OperationContext,
  target: AuthTarget,
  operation: string,
): ConditionValues {
  const input = ctx.input;
  const context = ((operation === 'ReEncryptFrom'
    ? input.SourceEncryptionContext
    : operation === 'ReEncryptTo'
      ? input.DestinationEncryptionContext
      : input.EncryptionContext) ?? undefined) as Record<string, string> | undefined;
  const { shared, key } = target;
  const caller = ctx.caller;
  return (lowerKey, rawKey) => {
    if (lowerKey === '@context') return context as unknown as string | undefined;
    if (lowerKey.startsWith(CONTEXT_PREFIX)) {
      return context ? context[rawKey.slice(CONTEXT_PREFIX.length)] : undefined;
    }
    if (lowerKey.startsWith('aws:principaltag/'))
      return caller.tags[lowerKey.slice('aws:principaltag/'.length)];
    switch (lowerKey) {
      case 'kms:calleraccount':
      case 'aws:principalaccount':
        return caller.account;
      case 'aws:principalarn':
        return caller.principalArn;
      case 'aws:principaltype':
        return caller.isRoot ? 'Account' : caller.principal.includes(':user/') ? 'User' : 'AssumedRole';
      case 'kms:encryptioncontextkeys':
        return context ? Object.keys(context) : undefined;
      case 'kms:multiregion':
        return String(shared.multiRegion);
      case 'kms:multiregionkeytype':
        return shared.multiRegion ? (shared.primaryRegion === key.region ? 'PRIMARY' : 'REPLICA') : undefined;
      case 'kms:replicaregion':
        return operation === 'ReplicateKey' ? (input.ReplicaRegion as string | undefined) : undefined;
      case 'kms:primaryregion':
        return operation === 'UpdatePrimaryRegion' ? (input.PrimaryRegion as string | undefined) : undefined;
      case 'kms:keyspec':
        return shared.keySpec;
      case 'kms:keyusage':
        return shared.keyUsage;
      case 'kms:keyorigin':
        return shared.origin;
      case 'kms:encryptionalgorithm':
        return CONTEXT_OPERATIONS.has(operation)
          ? ((input.EncryptionAlgorithm as string | undefined) ?? 'SYMMETRIC_DEFAULT')
          : undefined;
      case 'kms:signingalgorithm':
        return input.SigningAlgorithm as string | undefined;
      case 'kms:macalgorithm':
        return input.MacAlgorithm as string | undefined;
      case 'kms:grantoperations':
        return operation === 'CreateGrant' ? (input.Operations as string[] | undefined) : undefined;
      case 'kms:granteeprincipal':
        return operation === 'CreateGrant' ? (input.GranteePrincipal as string | undefined) : undefined;
      case 'kms:retiringprincipal':
        return operation === 'CreateGrant' ? (input.RetiringPrincipal as string | undefined) : undefined;
      case 'kms:grantisforawsresource':
        return operation === 'CreateGrant' ? 'false' : undefined;
      case 'kms:viaservice':
        // No AWS service calls the emulator on anyone's behalf.
        return undefined;
      default:
        return undefined;
    }
  };
}

/**
 * The lockout safety check (CreateKey, PutKeyPolicy, ReplicateKey): the new policy must let the caller
 * make a subsequent PutKeyPolicy request on the key.
 */
export function checkLockout(ctx: OperationContext, policy: ParsedPolicy, target: AuthTarget): void {
  const values = conditionValues({ ...ctx, input: {} }, target, 'PutKeyPolicy');
  const decision = evaluatePolicy(
    policy,
    ctx.caller,
    'kms:PutKeyPolicy',
    target.key.arn,
    target.shared.account,
    values,
  );
  if (decision === 'allow' || (decision === 'allowIfIam' && iamAllows(ctx.caller, 'kms:PutKeyPolicy')))
    return;
  throw errors.malformedPolicy(
    'The new key policy will not allow you to update the key policy in the future.',
  );
}
