// The parsed template.yaml and the questions the consistency tests ask of it (functions, state machines, routes, policies).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  REPO_ROOT,
  readTemplate,
  type TemplateFunction,
  type TemplateResource,
  templateFunctions,
} from '../../../scripts/build/template-functions.js';

export { REPO_ROOT, type TemplateFunction };

export const TEMPLATE_TEXT = readFileSync(join(REPO_ROOT, 'template.yaml'), 'utf8');
export const template = readTemplate();
export const functions: readonly TemplateFunction[] = templateFunctions(template);

export function resourcesOfType(type: string): [string, TemplateResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** `{ Ref: X }` -> X. */
export function refName(value: unknown): string | undefined {
  const ref = (value as { Ref?: unknown } | null)?.Ref;
  return typeof ref === 'string' ? ref : undefined;
}

/** `{ 'Fn::GetAtt': [X, Attr] }` (or 'X.Attr') -> [X, Attr]. */
export function getAtt(value: unknown): [string, string] | undefined {
  const target = (value as { 'Fn::GetAtt'?: unknown } | null)?.['Fn::GetAtt'];
  if (Array.isArray(target) && target.length === 2) return [String(target[0]), String(target[1])];
  if (typeof target === 'string' && target.includes('.')) {
    const dot = target.indexOf('.');
    return [target.slice(0, dot), target.slice(dot + 1)];
  }
  return undefined;
}

/** The `${Name}` placeholders of an ASL text (CloudFormation pseudo parameters excluded). */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1]!))].sort();
}

export interface TemplateStateMachine {
  readonly logicalId: string;
  /** statemachines/<file>.asl.json as written in DefinitionUri. */
  readonly definitionUri: string;
  /** The workflow name: the file name without .asl.json. */
  readonly workflow: string;
  readonly definition: string;
  readonly properties: Record<string, unknown>;
  readonly substitutions: Record<string, unknown>;
  /** Logical ids named by LambdaInvokePolicy entries. */
  readonly invokePolicyFunctions: readonly string[];
}

export function stateMachines(): TemplateStateMachine[] {
  return resourcesOfType('AWS::Serverless::StateMachine').map(([logicalId, resource]) => {
    const properties = resource.Properties ?? {};
    const definitionUri = String(properties.DefinitionUri);
    const policies = (properties.Policies ?? []) as Record<string, unknown>[];
    return {
      logicalId,
      definitionUri,
      workflow: definitionUri.replace(/^.*\//, '').replace(/\.asl\.json$/, ''),
      definition: readFileSync(join(REPO_ROOT, definitionUri), 'utf8'),
      properties,
      substitutions: (properties.DefinitionSubstitutions ?? {}) as Record<string, unknown>,
      invokePolicyFunctions: policies
        .map((policy) =>
          refName((policy.LambdaInvokePolicy as { FunctionName?: unknown } | undefined)?.FunctionName),
        )
        .filter((name): name is string => name !== undefined),
    };
  });
}

export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** The inline `Statement` entries of a function's Policies (SAM policy templates are not statements). */
export function inlineStatements(fn: TemplateFunction): Statement[] {
  const policies = (fn.resource.Properties?.Policies ?? []) as Record<string, unknown>[];
  return policies.flatMap((policy) =>
    Array.isArray(policy.Statement) ? (policy.Statement as Statement[]) : [],
  );
}

export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Every KMS action (without the `kms:` prefix) the function's policies allow. */
export function grantedKmsActions(fn: TemplateFunction): Set<string> {
  return new Set(
    inlineStatements(fn)
      .flatMap(actionsOf)
      .filter((action) => action.startsWith('kms:'))
      .map((action) => action.slice(4)),
  );
}

export interface TemplateApiEvent {
  readonly functionId: string;
  readonly eventName: string;
  readonly method: string;
  readonly path: string;
  readonly public: boolean;
  readonly restApiId: string | undefined;
}

export function apiEvents(): TemplateApiEvent[] {
  return functions.flatMap((fn) =>
    Object.entries(
      (fn.resource.Properties?.Events ?? {}) as Record<
        string,
        { Type?: string; Properties?: Record<string, unknown> }
      >,
    )
      .filter(([, event]) => event.Type === 'Api')
      .map(([eventName, event]) => {
        const properties = event.Properties ?? {};
        const auth = properties.Auth as { Authorizer?: unknown } | undefined;
        return {
          functionId: fn.logicalId,
          eventName,
          method: String(properties.Method).toUpperCase(),
          path: String(properties.Path),
          public: auth?.Authorizer === 'NONE',
          restApiId: refName(properties.RestApiId),
        };
      }),
  );
}

/**
 * A function's environment with the simple intrinsics resolved: Ref of a parameter (its default) or of
 * a resource (`resourceValues`), Fn::Join, Fn::Sub of pseudo parameters. Values that only exist at
 * deploy time (`{{resolve:...}}` dynamic references) are left out, as unknown.
 */
export function resolvedEnvironment(
  fn: TemplateFunction,
  resourceValues: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const variables = ((
    fn.resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined
  )?.Variables ?? {}) as Record<string, unknown>;
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    const text = resolveIntrinsic(value, resourceValues);
    if (text !== undefined && !text.includes('{{resolve:')) resolved[name] = text;
  }
  return resolved;
}

const PSEUDO: Record<string, string> = {
  'AWS::StackName': 'mrk-control-plane',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '111122223333',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

function resolveIntrinsic(value: unknown, resources: Readonly<Record<string, string>>): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  const ref = refName(value);
  if (ref !== undefined) {
    if (ref in PSEUDO) return PSEUDO[ref];
    const parameter = template.Parameters?.[ref];
    if (parameter !== undefined)
      return parameter.Default === undefined ? undefined : String(parameter.Default);
    return resources[ref] ?? ref;
  }
  const object = value as Record<string, unknown>;
  if (Array.isArray(object['Fn::Join'])) {
    const [separator, list] = object['Fn::Join'] as [string, unknown];
    const items = Array.isArray(list)
      ? list.map((item) => resolveIntrinsic(item, resources))
      : [resolveIntrinsic(list, resources)];
    return items.some((item) => item === undefined) ? undefined : items.join(separator);
  }
  if (typeof object['Fn::Sub'] === 'string') {
    return (object['Fn::Sub'] as string).replace(
      /\$\{([^}]+)\}/g,
      (_, name: string) => resolveIntrinsic({ Ref: name }, resources) ?? `\${${name}}`,
    );
  }
  return undefined;
}
