// Tags and key policies as the domain holds them: plain maps, and policies compared by canonical hash.

import type { PartitionName } from '../identifiers/partitions.js';
import { canonicalJson, type JsonValue, sha256Hex } from '../json/canonical-json.js';

export type Tags = Readonly<Record<string, string>>;

/** A key policy document (parsed JSON). KMS stores it as a string; we compare it by canonical hash. */
export type PolicyDocument = { readonly [key: string]: JsonValue };

/** SHA-256 of the canonical form, so whitespace and key order in KMS's pretty printing are not drift. */
export function policyHash(policy: PolicyDocument | string): string {
  if (typeof policy !== 'string') return sha256Hex(canonicalJson(policy));
  try {
    return sha256Hex(canonicalJson(JSON.parse(policy)));
  } catch {
    // Not JSON (KMS would not hold such a policy, but observed data is not ours to trust): hash the text.
    return sha256Hex(`text:${policy}`);
  }
}

/** The policy string we send to PutKeyPolicy: canonical, so what we write hashes to what we compare. */
export function policyText(policy: PolicyDocument): string {
  return canonicalJson(policy);
}

/** The KMS default key policy (KMS-MRK-SPEC section 2.2): the account root may do everything. */
export function defaultKeyPolicy(partition: PartitionName, account: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
}

const LOCKOUT_ACTION = 'kms:PutKeyPolicy';

/**
 * Why `policy` would lock every principal out of the key, or undefined. Real KMS refuses such a policy
 * (MalformedPolicyDocumentException, its lockout safety check) unless told to bypass the check, which the
 * control plane never does; this is the caller-independent part of that check, run before any KMS call:
 * some statement must Allow `kms:PutKeyPolicy` (by name or wildcard, or through NotAction) to some
 * principal, and no unconditional Deny of it may name every principal (`*`).
 */
export function policyLockoutProblem(policy: PolicyDocument): string | undefined {
  const raw = policy.Statement;
  const statements = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (statement): statement is { readonly [key: string]: JsonValue } =>
      typeof statement === 'object' && statement !== null && !Array.isArray(statement),
  );
  if (statements.length === 0) return 'has no statement, so it would lock every principal out of the key';
  for (const statement of statements) {
    if (statement.Effect !== 'Deny' || statement.Condition !== undefined) continue;
    if (coversAction(statement) && namesEveryPrincipal(statement.Principal)) {
      return `denies ${LOCKOUT_ACTION} to every principal, so nobody could change it again`;
    }
  }
  const allows = statements.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      (statement.Principal !== undefined || statement.NotPrincipal !== undefined) &&
      coversAction(statement),
  );
  return allows
    ? undefined
    : `allows ${LOCKOUT_ACTION} to no principal, so it would lock every principal out of the key`;
}

function coversAction(statement: { readonly [key: string]: JsonValue }): boolean {
  if (statement.Action !== undefined) return stringsOf(statement.Action).some(matchesLockoutAction);
  if (statement.NotAction !== undefined) return !stringsOf(statement.NotAction).some(matchesLockoutAction);
  return false;
}

function namesEveryPrincipal(principal: JsonValue | undefined): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) return false;
  return Object.values(principal).some((value) => stringsOf(value).includes('*'));
}

function stringsOf(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * IAM action matching: case-insensitive, `*` any run of characters, `?` one character. The greedy two-pointer
 * glob match (linear backtracking), not a RegExp, so a pattern of many stars cannot backtrack exponentially.
 */
function matchesLockoutAction(pattern: string): boolean {
  const text = LOCKOUT_ACTION.toLowerCase();
  const glob = pattern.toLowerCase();
  let t = 0;
  let g = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (g < glob.length && (glob[g] === '?' || glob[g] === text[t])) {
      t++;
      g++;
    } else if (g < glob.length && glob[g] === '*') {
      star = g++;
      mark = t;
    } else if (star >= 0) {
      g = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}
