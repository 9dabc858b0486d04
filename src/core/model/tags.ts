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
