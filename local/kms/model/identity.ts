// Who calls: the identities file (`--identities FILE`) maps access key ids to principals (roles, users or
// account roots, in any account), with principal tags and, optionally, the actions their IAM policies
// allow. Without a file every access key is the root of one account (a 12-digit key names the account,
// anything else is the default account), as before identities existed.
import { readFileSync } from 'node:fs';

export interface Identity {
  accessKeyId: string;
  /** The principal as the identities file gives it (the root ARN by default). */
  principal: string;
  /** The ARN policies name: the role ARN for an assumed-role session, otherwise `principal`. */
  principalArn: string;
  account: string;
  partition: string;
  isRoot: boolean;
  /** aws:PrincipalTag/<key>, keys lower-cased (tag keys in conditions are case-insensitive). */
  tags: Readonly<Record<string, string>>;
  /** Action patterns (`kms:Encrypt`, `kms:*`) this identity's IAM policies allow; undefined: every action. */
  iamActions: readonly RegExp[] | undefined;
}

export interface IdentityEntry {
  accessKeyId: string;
  principal: string;
  tags?: Record<string, string>;
  iamActions?: string[];
}

export interface IdentitiesFile {
  identities: IdentityEntry[];
}

const PRINCIPAL =
  /^arn:(aws|aws-cn|aws-us-gov):(iam)::(\d{12}):(root|user\/[\w+=,.@/-]+|role\/[\w+=,.@/-]+)$|^arn:(aws|aws-cn|aws-us-gov):(sts)::(\d{12}):assumed-role\/([\w+=,.@-]+)\/[\w+=,.@-]+$/;
const ACCESS_KEY = /^[\w]{1,128}$/;

/** The identities an emulator knows; `undefined` file: everyone is an account root. */
export class IdentityDirectory {
  private readonly byAccessKey = new Map<string, Identity>();
  private readonly roots = new Map<string, Identity>();

  constructor(
    readonly file: IdentitiesFile | undefined,
    private readonly defaultAccount: string,
  ) {
    if (file) for (const entry of file.identities) this.byAccessKey.set(entry.accessKeyId, toIdentity(entry));
  }

  get enforcing(): boolean {
    return this.file !== undefined;
  }

  /** The identity of an access key, or undefined when a file is loaded and does not list it. */
  lookup(accessKeyId: string, partition: string): Identity | undefined {
    if (this.file) return this.byAccessKey.get(accessKeyId);
    const account = /^\d{12}$/.test(accessKeyId) ? accessKeyId : this.defaultAccount;
    return this.rootOf(account, partition, accessKeyId);
  }

  /** The root identity of an account (the default caller; admin-made requests). */
  rootOf(account: string, partition: string, accessKeyId = account): Identity {
    const cacheKey = `${partition}:${account}:${accessKeyId}`;
    let root = this.roots.get(cacheKey);
    if (!root) {
      const principal = `arn:${partition}:iam::${account}:root`;
      root = {
        accessKeyId,
        principal,
        principalArn: principal,
        account,
        partition,
        isRoot: true,
        tags: {},
        iamActions: undefined,
      };
      this.roots.set(cacheKey, root);
    }
    return root;
  }
}

/** Reads and checks an identities file; throws an Error naming the problem. */
export function loadIdentities(source: string | IdentitiesFile): IdentitiesFile {
  let value: unknown = source;
  if (typeof source === 'string') {
    let text: string;
    try {
      text = readFileSync(source, 'utf8');
    } catch (error) {
      throw new Error(`Cannot read the identities file ${source}: ${(error as Error).message}`);
    }
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error(`The identities file ${source} is not valid JSON.`);
    }
  }
  return checkIdentities(value);
}

function checkIdentities(value: unknown): IdentitiesFile {
  const fail = (message: string): never => {
    throw new Error(`Identities: ${message}`);
  };
  if (typeof value !== 'object' || value === null || !Array.isArray((value as IdentitiesFile).identities)) {
    fail('expected {"identities": [{"accessKeyId", "principal", "tags"?, "iamActions"?}, ...]}');
  }
  const seen = new Set<string>();
  const identities = (value as IdentitiesFile).identities.map((entry, index) => {
    const at = `identities[${index}]`;
    if (typeof entry !== 'object' || entry === null) fail(`${at} must be an object`);
    for (const name of Object.keys(entry)) {
      if (!['accessKeyId', 'principal', 'tags', 'iamActions'].includes(name))
        fail(`${at} has unknown field ${name}`);
    }
    if (typeof entry.accessKeyId !== 'string' || !ACCESS_KEY.test(entry.accessKeyId)) {
      fail(`${at}.accessKeyId must be 1 to 128 letters, digits or _`);
    }
    if (seen.has(entry.accessKeyId)) fail(`${at}.accessKeyId ${entry.accessKeyId} is listed twice`);
    seen.add(entry.accessKeyId);
    if (typeof entry.principal !== 'string' || !PRINCIPAL.test(entry.principal)) {
      fail(
        `${at}.principal must be an account root, user, role or assumed-role ARN (arn:aws:iam::111122223333:role/app), got ${JSON.stringify(entry.principal)}`,
      );
    }
    if (entry.tags !== undefined) {
      if (typeof entry.tags !== 'object' || entry.tags === null || Array.isArray(entry.tags))
        fail(`${at}.tags must be an object`);
      for (const [key, tag] of Object.entries(entry.tags)) {
        if (typeof tag !== 'string') fail(`${at}.tags.${key} must be a string`);
      }
    }
    if (entry.iamActions !== undefined) {
      if (
        !Array.isArray(entry.iamActions) ||
        entry.iamActions.some(
          (action) => typeof action !== 'string' || !/^[\w*?]+:[\w*?]+$|^\*$/.test(action),
        )
      ) {
        fail(`${at}.iamActions must be a list of actions such as "kms:Encrypt" or "kms:*"`);
      }
    }
    return entry;
  });
  return { identities };
}

function toIdentity(entry: IdentityEntry): Identity {
  const match = PRINCIPAL.exec(entry.principal) as RegExpExecArray;
  const sts = match[6] === 'sts';
  const partition = (sts ? match[5] : match[1]) as string;
  const account = (sts ? match[7] : match[3]) as string;
  const principalArn = sts ? `arn:${partition}:iam::${account}:role/${match[8]}` : entry.principal;
  const tags: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(entry.tags ?? {})) tags[key.toLowerCase()] = value;
  return {
    accessKeyId: entry.accessKeyId,
    principal: entry.principal,
    principalArn,
    account,
    partition,
    isRoot: match[4] === 'root',
    tags,
    iamActions: entry.iamActions?.map((action) => wildcard(action)),
  };
}

/** An IAM wildcard (`*`, `?`) as a case-insensitive, anchored regular expression. */
export function wildcard(pattern: string, caseInsensitive = true): RegExp {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
}

/** Whether the identity's IAM policies allow an action (roots always; no list: everything). */
export function iamAllows(identity: Identity, action: string): boolean {
  if (identity.isRoot || identity.iamActions === undefined) return true;
  return identity.iamActions.some((pattern) => pattern.test(action));
}
