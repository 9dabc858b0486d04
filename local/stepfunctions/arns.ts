// ARNs and names of state machines and executions: building them, parsing them, checking names.
import { errors } from './sfn-error.js';

const ARN_PATTERN = /^arn:(aws[a-z-]*):states:([a-z0-9-]+):(\d{12}):([A-Za-z]+):(.+)$/;

export interface ParsedArn {
  partition: string;
  region: string;
  account: string;
  resourceType: string;
  resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const match = ARN_PATTERN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, account, resourceType, resource] = match;
  return {
    partition: partition!,
    region: region!,
    account: account!,
    resourceType: resourceType!,
    resource: resource!,
  };
}

export const partitionOf = (region: string): string =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';

export const stateMachineArn = (region: string, account: string, name: string): string =>
  `arn:${partitionOf(region)}:states:${region}:${account}:stateMachine:${name}`;

export const executionArn = (region: string, account: string, machineName: string, name: string): string =>
  `arn:${partitionOf(region)}:states:${region}:${account}:execution:${machineName}:${name}`;

/** Checks a state machine ARN's shape; a version or alias suffix (`:1`, `:prod`) is refused locally. */
export function requireStateMachineArn(arn: string): ParsedArn {
  const parsed = parseArn(arn);
  if (!parsed) throw errors.invalidArn(arn);
  if (parsed.resourceType !== 'stateMachine') {
    throw errors.invalidArn(arn, `Resource type not valid in this context: ${parsed.resourceType}`);
  }
  if (parsed.resource.includes(':')) {
    throw errors.invalidArn(arn, 'Versions and aliases are not supported by the local service');
  }
  return parsed;
}

/** Checks an execution ARN's shape: `...:execution:<machine>:<name>`. */
export function requireExecutionArn(arn: string): ParsedArn {
  const parsed = parseArn(arn);
  if (!parsed) throw errors.invalidArn(arn);
  if (parsed.resourceType !== 'execution') {
    throw errors.invalidArn(arn, `Resource type not valid in this context: ${parsed.resourceType}`);
  }
  if (parsed.resource.split(':').length !== 2) throw errors.invalidArn(arn);
  return parsed;
}

// AWS: names may not contain whitespace, brackets < > { } [ ], wildcards ? *, the characters
// " # % \ ^ | ~ ` $ & , ; : / or control characters (U+0000-001F, U+007F-009F).
// biome-ignore lint/suspicious/noControlCharactersInRegex: the AWS rule is about control characters.
const FORBIDDEN_NAME_CHARS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

export function requireValidName(name: string): void {
  if (name.length < 1 || name.length > 80 || FORBIDDEN_NAME_CHARS.test(name)) throw errors.invalidName(name);
}
