// KMS key and alias ARNs: parse, build, and the one funnel that classifies any key identifier.
import { ValidationError } from '../errors.js';
import { aliasNameProblem } from './alias-name.js';
import { ACCOUNT_PATTERN, isKeyId } from './key-id.js';
import { isPartitionName, type PartitionName, partitionOfRegion, REGION_PATTERN } from './partitions.js';

export interface KeyArnParts {
  readonly partition: PartitionName;
  readonly region: string;
  readonly account: string;
  readonly keyId: string;
}

export interface AliasArnParts {
  readonly partition: PartitionName;
  readonly region: string;
  readonly account: string;
  readonly aliasName: string;
}

export type KmsArn = ({ readonly type: 'key' } & KeyArnParts) | ({ readonly type: 'alias' } & AliasArnParts);

/** What a KeyId parameter names: KMS accepts these four forms (KMS-MRK-SPEC section 1.1). */
export type KeyIdentifier =
  | { readonly kind: 'keyId'; readonly keyId: string }
  | { readonly kind: 'keyArn'; readonly arn: KeyArnParts }
  | { readonly kind: 'aliasName'; readonly aliasName: string }
  | { readonly kind: 'aliasArn'; readonly arn: AliasArnParts };

const MAX_IDENTIFIER_LENGTH = 2048;

function invalid(value: string, why: string): ValidationError {
  return new ValidationError(`Invalid KMS ARN ${JSON.stringify(value)}: ${why}`, { details: { arn: value } });
}

/** Parses `arn:<partition>:kms:<region>:<account>:key/<id>` or `...:alias/<name>`; throws ValidationError. */
export function parseKmsArn(value: string): KmsArn {
  if (value.length > MAX_IDENTIFIER_LENGTH) throw invalid(value.slice(0, 64), 'too long');
  const parts = value.split(':');
  // An alias name may itself contain ':', so the resource is everything after the fifth colon.
  if (parts.length < 6 || parts[0] !== 'arn')
    throw invalid(value, 'expected arn:<partition>:kms:<region>:<account>:<resource>');
  const [, partition = '', service, region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (!isPartitionName(partition)) throw invalid(value, `unknown partition ${JSON.stringify(partition)}`);
  if (service !== 'kms') throw invalid(value, 'not a KMS ARN');
  if (!REGION_PATTERN.test(region)) throw invalid(value, `malformed Region ${JSON.stringify(region)}`);
  const regionPartition = partitionOfRegion(region);
  if (regionPartition !== undefined && regionPartition !== partition) {
    throw invalid(value, `Region ${region} is in partition ${regionPartition}, not ${partition}`);
  }
  if (!ACCOUNT_PATTERN.test(account)) throw invalid(value, 'the account must be 12 digits');
  if (resource.startsWith('key/')) {
    const keyId = resource.slice('key/'.length);
    if (!isKeyId(keyId)) throw invalid(value, `malformed key id ${JSON.stringify(keyId)}`);
    return { type: 'key', partition, region, account, keyId };
  }
  if (resource.startsWith('alias/')) {
    // Reserved AWS aliases are real ARNs (alias/aws/s3): they may be named, only not created.
    const problem = aliasNameProblem(resource, { allowReserved: true });
    if (problem !== undefined) throw invalid(value, `alias name ${problem}`);
    return { type: 'alias', partition, region, account, aliasName: resource };
  }
  throw invalid(value, 'the resource must be key/<id> or alias/<name>');
}

export function parseKeyArn(value: string): KeyArnParts {
  const arn = parseKmsArn(value);
  if (arn.type !== 'key') throw invalid(value, 'expected a key ARN, got an alias ARN');
  const { type: _type, ...parts } = arn;
  return parts;
}

export function buildKeyArn(parts: KeyArnParts): string {
  return `arn:${parts.partition}:kms:${parts.region}:${parts.account}:key/${parts.keyId}`;
}

export function buildAliasArn(parts: AliasArnParts): string {
  return `arn:${parts.partition}:kms:${parts.region}:${parts.account}:${parts.aliasName}`;
}

/** Classifies any KeyId parameter value (key id, key ARN, alias name, alias ARN); throws ValidationError. */
export function parseKeyIdentifier(value: string): KeyIdentifier {
  if (value.startsWith('arn:')) {
    const arn = parseKmsArn(value);
    if (arn.type === 'key') {
      const { type: _type, ...parts } = arn;
      return { kind: 'keyArn', arn: parts };
    }
    const { type: _type, ...parts } = arn;
    return { kind: 'aliasArn', arn: parts };
  }
  if (value.startsWith('alias/')) {
    const problem = aliasNameProblem(value, { allowReserved: true });
    if (problem !== undefined) {
      throw new ValidationError(`Invalid alias name ${JSON.stringify(value)}: ${problem}`, {
        details: { keyId: value },
      });
    }
    return { kind: 'aliasName', aliasName: value };
  }
  if (isKeyId(value)) return { kind: 'keyId', keyId: value };
  throw new ValidationError(`Invalid keyId ${JSON.stringify(value)}`, { details: { keyId: value } });
}
