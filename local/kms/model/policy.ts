// Key policies: the default root policy AWS writes (KMS-MRK-SPEC section 2.2), the checks KMS makes on
// a policy document (size, JSON, grammar, principals) and its parsed form, cached per policy text so the
// hot Encrypt/Decrypt path never parses a policy twice.
import { errors } from '../protocol/errors.js';
import { wildcard } from './identity.js';

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

/** A principal entry: everyone, an account (its root, so IAM decides) or one exact principal ARN. */
export type PrincipalEntry =
  | { kind: 'any' }
  | { kind: 'account'; account: string }
  | { kind: 'arn'; arn: string }
  | { kind: 'other' };

export interface ParsedCondition {
  /** The operator without ForAnyValue:/ForAllValues: and IfExists, e.g. StringEquals. */
  operator: string;
  set: 'any' | 'all' | undefined;
  ifExists: boolean;
  /** The condition key as written (kms:EncryptionContext:<key> keeps its key's case) and lower-cased. */
  key: string;
  lowerKey: string;
  values: string[];
}

export interface ParsedStatement {
  sid: string | undefined;
  effect: 'Allow' | 'Deny';
  principals: PrincipalEntry[] | undefined;
  notPrincipals: PrincipalEntry[] | undefined;
  actions: RegExp[] | undefined;
  notActions: RegExp[] | undefined;
  resources: RegExp[] | undefined;
  notResources: RegExp[] | undefined;
  conditions: ParsedCondition[];
}

export interface ParsedPolicy {
  statements: ParsedStatement[];
}

// UNCONFIRMED: AWS's texts for a grammar error other than a bad principal; the bad-JSON answer has no
// message, as aws-sdk-ruby#1784 recorded for CreateKey with a policy that is not JSON.
const malformed = (message?: string) => errors.malformedPolicy(message);
const INVALID_PRINCIPALS = 'Policy contains a statement with one or more invalid principals.';

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const OPERATORS = new Set(
  [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
    'Bool',
    'BinaryEquals',
    'IpAddress',
    'NotIpAddress',
    'ArnEquals',
    'ArnLike',
    'ArnNotEquals',
    'ArnNotLike',
    'Null',
  ].map((name) => name.toLowerCase()),
);

const ACCOUNT = /^\d{12}$/;
const ROOT_ARN = /^arn:[a-z-]+:iam::(\d{12}):root$/;
const PRINCIPAL_ARN = /^arn:[a-z-]+:(iam|sts)::\d{12}:(user|role|assumed-role|federated-user)\/[\w+=,.@/-]+$/;

const cache = new Map<string, ParsedPolicy>();
const CACHE_LIMIT = 512;

/**
 * Parses a policy, throwing LimitExceededException or MalformedPolicyDocumentException as KMS does.
 * Parsed policies are cached by text (a key's policy string is the same object on every request).
 */
export function parsePolicy(policy: string): ParsedPolicy {
  const cached = cache.get(policy);
  if (cached) return cached;
  if (Buffer.byteLength(policy, 'utf8') > POLICY_QUOTA_BYTES) {
    throw errors.limitExceeded(`Policy exceeds the maximum size of ${POLICY_QUOTA_BYTES} bytes.`);
  }
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    throw malformed();
  }
  const parsed = parseDocument(document);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(policy, parsed);
  return parsed;
}

/** Throws for a policy KMS would refuse (size, JSON, grammar); the lockout check is separate. */
export function checkPolicy(policy: string): ParsedPolicy {
  return parsePolicy(policy);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseDocument(document: unknown): ParsedPolicy {
  if (!isObject(document)) throw malformed('The policy must be a JSON object.');
  for (const name of Object.keys(document)) {
    if (!TOP_LEVEL.has(name)) throw malformed(`Policy has an unsupported element: ${name}.`);
  }
  const version = document.Version;
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') {
    throw malformed('The policy Version must be 2012-10-17 or 2008-10-17.');
  }
  if (document.Id !== undefined && typeof document.Id !== 'string')
    throw malformed('The policy Id must be a string.');
  const raw = document.Statement;
  if (raw === undefined) throw malformed('The policy must have a Statement.');
  const list = Array.isArray(raw) ? raw : [raw];
  const sids = new Set<string>();
  const statements = list.map((statement) => {
    const parsed = parseStatement(statement);
    if (parsed.sid !== undefined) {
      if (sids.has(parsed.sid)) throw malformed(`Statement IDs (SID) must be unique: ${parsed.sid}.`);
      sids.add(parsed.sid);
    }
    return parsed;
  });
  return { statements };
}

function parseStatement(statement: unknown): ParsedStatement {
  if (!isObject(statement)) throw malformed('Each Statement must be a JSON object.');
  for (const name of Object.keys(statement)) {
    if (!STATEMENT_ELEMENTS.has(name)) throw malformed(`Statement has an unsupported element: ${name}.`);
  }
  const { Sid, Effect } = statement;
  if (Sid !== undefined && typeof Sid !== 'string') throw malformed('The Sid must be a string.');
  if (Effect !== 'Allow' && Effect !== 'Deny') throw malformed('The Effect must be Allow or Deny.');
  const exactlyOne = (a: string, b: string) => {
    if ((statement[a] === undefined) === (statement[b] === undefined)) {
      throw malformed(`Each Statement must have exactly one of ${a} and ${b}.`);
    }
  };
  exactlyOne('Principal', 'NotPrincipal');
  exactlyOne('Action', 'NotAction');
  exactlyOne('Resource', 'NotResource');
  return {
    sid: Sid,
    effect: Effect,
    principals: statement.Principal === undefined ? undefined : principals(statement.Principal),
    notPrincipals: statement.NotPrincipal === undefined ? undefined : principals(statement.NotPrincipal),
    actions: statement.Action === undefined ? undefined : patterns(statement.Action, 'Action', true),
    notActions:
      statement.NotAction === undefined ? undefined : patterns(statement.NotAction, 'NotAction', true),
    resources: statement.Resource === undefined ? undefined : patterns(statement.Resource, 'Resource', false),
    notResources:
      statement.NotResource === undefined ? undefined : patterns(statement.NotResource, 'NotResource', false),
    conditions: statement.Condition === undefined ? [] : conditions(statement.Condition),
  };
}

function strings(value: unknown, element: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((item) => typeof item !== 'string')) {
    throw malformed(`${element} must be a string or a list of strings.`);
  }
  return list as string[];
}

function patterns(value: unknown, element: string, isAction: boolean): RegExp[] {
  return strings(value, element).map((item) => {
    if (isAction && item !== '*' && !/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(item)) {
      throw malformed(`${element} ${item} is not a valid action.`);
    }
    return wildcard(item, isAction);
  });
}

function principals(value: unknown): PrincipalEntry[] {
  if (value === '*') return [{ kind: 'any' }];
  if (!isObject(value) || Object.keys(value).length === 0) throw malformed(INVALID_PRINCIPALS);
  const entries: PrincipalEntry[] = [];
  for (const [type, ids] of Object.entries(value)) {
    if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(type)) throw malformed(INVALID_PRINCIPALS);
    let list: string[];
    try {
      list = strings(ids, 'Principal');
    } catch {
      throw malformed(INVALID_PRINCIPALS);
    }
    for (const id of list) {
      if (type !== 'AWS') {
        entries.push({ kind: 'other' });
        continue;
      }
      if (id === '*') entries.push({ kind: 'any' });
      else if (ACCOUNT.test(id)) entries.push({ kind: 'account', account: id });
      else if (ROOT_ARN.test(id))
        entries.push({ kind: 'account', account: (ROOT_ARN.exec(id) as RegExpExecArray)[1] as string });
      else if (PRINCIPAL_ARN.test(id)) entries.push({ kind: 'arn', arn: id });
      else throw malformed(INVALID_PRINCIPALS);
    }
  }
  return entries;
}

function conditions(value: unknown): ParsedCondition[] {
  if (!isObject(value)) throw malformed('The Condition must be a JSON object.');
  const out: ParsedCondition[] = [];
  for (const [rawOperator, block] of Object.entries(value)) {
    let operator = rawOperator;
    let set: ParsedCondition['set'];
    const prefix = /^(ForAnyValue|ForAllValues):/i.exec(operator);
    if (prefix) {
      set = (prefix[1] as string).toLowerCase() === 'foranyvalue' ? 'any' : 'all';
      operator = operator.slice(prefix[0].length);
    }
    const ifExists = /IfExists$/i.test(operator) && operator.toLowerCase() !== 'null';
    if (ifExists) operator = operator.slice(0, -'IfExists'.length);
    if (!OPERATORS.has(operator.toLowerCase()))
      throw malformed(`Condition operator ${rawOperator} is not supported.`);
    if (!isObject(block)) throw malformed(`Condition ${rawOperator} must be a JSON object.`);
    for (const [key, values] of Object.entries(block)) {
      const list = (Array.isArray(values) ? values : [values]).map((item) => {
        if (typeof item === 'string') return item;
        if (typeof item === 'boolean' || typeof item === 'number') return String(item);
        throw malformed(`Condition ${rawOperator} ${key} must have string values.`);
      });
      out.push({
        operator: operator.toLowerCase(),
        set,
        ifExists,
        key,
        lowerKey: key.toLowerCase(),
        values: list,
      });
    }
  }
  return out;
}
