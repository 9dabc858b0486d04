// Least privilege: each function's KMS rights are what its code calls, on multi-Region keys only; DynamoDB
// rights name KeysTable (and its indexes) only; the API never schedules key deletion.
import { describe, expect, it } from 'vitest';
import { kmsActionsCalledFrom } from './kms-calls.js';
import {
  actionsOf,
  functions,
  getAtt,
  grantedKmsActions,
  inlineStatements,
  refName,
  type Statement,
  stateMachines,
} from './template-model.js';

// Fn::Sub texts as written in template.yaml (CloudFormation placeholders, not JavaScript ones).
// biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub text
const MRK_KEYS = 'arn:${AWS::Partition}:kms:*:${AWS::AccountId}:key/mrk-*';
// biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub text
const ALIASES = 'arn:${AWS::Partition}:kms:*:${AWS::AccountId}:alias/*';
// biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub text
const TABLE_INDEXES = '${KeysTable.Arn}/index/*';
const ALIAS_ACTIONS = new Set(['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias']);
// The control plane's own audit-digest key: in this Region, and only as its purpose tag names it.
// biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub text
const REGION_KEYS = 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*';
const DIGEST_ALIAS =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub text
  'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/mrk-control-plane/audit-digest';
const DIGEST_TAG = 'audit-digest';

const invokedByWorkflows = new Set(
  stateMachines().flatMap((machine) =>
    Object.values(machine.substitutions).map((value) => getAtt(value)?.[0]),
  ),
);
const apiFunctions = new Set(
  functions
    .filter((fn) =>
      Object.values((fn.resource.Properties?.Events ?? {}) as Record<string, { Type?: string }>).some(
        (event) => event.Type === 'Api',
      ),
    )
    .map((fn) => fn.logicalId),
);

function resources(statement: Statement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

function subText(value: unknown): string | undefined {
  const sub = (value as { 'Fn::Sub'?: unknown } | null)?.['Fn::Sub'];
  return typeof sub === 'string' ? sub : undefined;
}

/** Why a KMS statement is too broad, or undefined when it is scoped as the rules say. */
function kmsScopeProblem(statement: Statement): string | undefined {
  const actions = actionsOf(statement).filter((action) => action.startsWith('kms:'));
  if (actions.length === 0) return undefined;
  const targets = resources(statement);
  const equals = statement.Condition?.StringEquals ?? {};
  const digestKeyOnly = equals['aws:ResourceTag/mrk-control-plane:purpose'] === DIGEST_TAG;
  if (targets.length === 1 && subText(targets[0]) === REGION_KEYS && digestKeyOnly) return undefined;
  if (targets.length === 1 && subText(targets[0]) === DIGEST_ALIAS) {
    return actions.every((action) => action === 'kms:CreateAlias')
      ? undefined
      : `${actions.join(', ')} on the digest alias`;
  }
  if (targets.length === 1 && targets[0] === '*') {
    const newDigestKeyOnly =
      equals['aws:RequestTag/mrk-control-plane:purpose'] === DIGEST_TAG &&
      equals['kms:KeySpec'] === 'ECC_NIST_P256' &&
      equals['kms:KeyUsage'] === 'SIGN_VERIFY' &&
      statement.Condition?.Bool?.['kms:MultiRegion'] === 'false';
    if (
      actions.every((action) => action === 'kms:CreateKey' || action === 'kms:TagResource') &&
      newDigestKeyOnly
    )
      return undefined;
    // Actions IAM cannot scope to a key: the account-wide lists; CreateKey (limited to multi-Region keys).
    if (actions.every((action) => action === 'kms:ListAliases' || action === 'kms:ListKeys'))
      return undefined;
    const multiRegionOnly = statement.Condition?.Bool?.['kms:MultiRegion'] === 'true';
    if (actions.every((action) => action === 'kms:CreateKey') && multiRegionOnly) return undefined;
    return `${actions.join(', ')} on "*"`;
  }
  const allowed = actions.every((action) => ALIAS_ACTIONS.has(action)) ? [MRK_KEYS, ALIASES] : [MRK_KEYS];
  const outside = targets.filter((target) => !allowed.includes(subText(target) ?? String(target)));
  return outside.length === 0 ? undefined : `${actions.join(', ')} on ${JSON.stringify(outside)}`;
}

describe('function policies', () => {
  describe.each(functions.map((fn) => [fn.logicalId, fn] as const))('%s', (logicalId, fn) => {
    const called = kmsActionsCalledFrom(fn.entryPoint);
    const granted = grantedKmsActions(fn);

    it('grants no KMS action its code never calls', () => {
      expect([...granted].filter((action) => !called.has(action)).sort()).toEqual([]);
    });

    // API functions share one import graph (every route), so "called" over-approximates what each one needs.
    if (invokedByWorkflows.has(logicalId)) {
      it('grants every KMS action its code calls', () => {
        expect([...called].filter((action) => !granted.has(action)).sort()).toEqual([]);
      });
    }

    it('scopes KMS actions to multi-Region keys (aliases for alias actions; the tagged audit-digest key)', () => {
      expect(inlineStatements(fn).map(kmsScopeProblem).filter(Boolean)).toEqual([]);
    });

    it('names only KeysTable and its indexes for DynamoDB', () => {
      const problems: string[] = [];
      for (const statement of inlineStatements(fn)) {
        if (!actionsOf(statement).some((action) => action.startsWith('dynamodb:'))) continue;
        for (const target of resources(statement)) {
          const ok = getAtt(target)?.join('.') === 'KeysTable.Arn' || subText(target) === TABLE_INDEXES;
          if (!ok) problems.push(JSON.stringify(target));
        }
      }
      const templates = ((fn.resource.Properties?.Policies ?? []) as Record<string, unknown>[]).flatMap(
        (policy) => Object.entries(policy).filter(([name]) => name.startsWith('DynamoDB')),
      );
      for (const [name, value] of templates) {
        if (refName((value as { TableName?: unknown }).TableName) !== 'KeysTable') problems.push(name);
      }
      expect(problems).toEqual([]);
    });

    if (apiFunctions.has(logicalId)) {
      it('never lets the API schedule a key deletion', () => {
        expect(granted.has('ScheduleKeyDeletion')).toBe(false);
      });
    }
  });
});
