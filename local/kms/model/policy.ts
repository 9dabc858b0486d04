// Key policies: the default root policy AWS writes (KMS-MRK-SPEC section 2.2) and the checks the
// emulator can make without IAM: size (32 KB quota) and well-formed JSON.
import { errors } from '../protocol/errors.js';

const POLICY_QUOTA_BYTES = 32_768;

/** The default policy, serialised the way AWS does (Jackson pretty printer). */
export function defaultPolicy(partition: string, account: string): string {
  return [
    '{',
    '  "Version" : "2012-10-17",',
    '  "Id" : "key-default-1",',
    '  "Statement" : [ {',
    '    "Sid" : "Enable IAM User Permissions",',
    '    "Effect" : "Allow",',
    '    "Principal" : {',
    `      "AWS" : "arn:${partition}:iam::${account}:root"`,
    '    },',
    '    "Action" : "kms:*",',
    '    "Resource" : "*"',
    '  } ]',
    '}',
  ].join('\n');
}

/** Throws LimitExceededException or MalformedPolicyDocumentException for a policy KMS would refuse. */
export function checkPolicy(policy: string): void {
  if (Buffer.byteLength(policy, 'utf8') > POLICY_QUOTA_BYTES) {
    throw errors.limitExceeded(`Policy exceeds the maximum size of ${POLICY_QUOTA_BYTES} bytes.`);
  }
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    throw errors.malformedPolicy('The policy is not valid JSON.');
  }
  const statements = (document as { Statement?: unknown } | null)?.Statement;
  if (
    typeof document !== 'object' ||
    document === null ||
    Array.isArray(document) ||
    statements === undefined
  ) {
    throw errors.malformedPolicy('The policy must be a JSON object with a Statement.');
  }
}
