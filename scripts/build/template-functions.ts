// The Lambda functions template.yaml declares, with the entry file and handler each one builds from.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { yamlParse } from 'yaml-cfn';

export const TEMPLATE_PATH = fileURLToPath(new URL('../../template.yaml', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type TemplateResource = {
  Type?: string;
  Metadata?: Record<string, unknown>;
  Properties?: Record<string, unknown>;
  Condition?: string;
};

export interface Template {
  Parameters?: Record<string, Record<string, unknown>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, Record<string, unknown>>;
}

export interface TemplateFunction {
  /** The logical id, e.g. ReplicateRegionFunction; dist/<logicalId>/ holds its bundle. */
  readonly logicalId: string;
  /** The source file esbuild starts from, relative to the repository root (POSIX separators). */
  readonly entryPoint: string;
  /** `Handler` as written, e.g. replicate-region.handler. */
  readonly handler: string;
  /** The file part of the handler (without extension), e.g. replicate-region. */
  readonly handlerFile: string;
  /** The export the runtime calls, e.g. handler. */
  readonly handlerExport: string;
  /** `Metadata.BuildProperties` as written (empty when absent). */
  readonly buildProperties: Readonly<Record<string, unknown>>;
  readonly buildMethod: string | undefined;
  readonly resource: TemplateResource;
}

/** Parses template.yaml (CloudFormation short forms such as !Ref become their long forms). */
export function readTemplate(path = TEMPLATE_PATH): Template {
  const template = yamlParse(readFileSync(path, 'utf8')) as Template;
  if (template === null || typeof template !== 'object' || typeof template.Resources !== 'object') {
    throw new Error(`${path} has no Resources section`);
  }
  return template;
}

/**
 * Every AWS::Serverless::Function of the template. The entry point is the first esbuild
 * `EntryPoints` item when there is one, otherwise what SAM would use: CodeUri + the handler's file + .ts.
 */
export function templateFunctions(template: Template): TemplateFunction[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Serverless::Function')
    .map(([logicalId, resource]) => toTemplateFunction(logicalId, resource));
}

function toTemplateFunction(logicalId: string, resource: TemplateResource): TemplateFunction {
  const properties = resource.Properties ?? {};
  const handler = properties.Handler;
  if (typeof handler !== 'string' || !handler.includes('.')) {
    throw new Error(`${logicalId}: Handler must be "<file>.<export>", got ${JSON.stringify(handler)}`);
  }
  const dot = handler.lastIndexOf('.');
  const codeUri = typeof properties.CodeUri === 'string' ? properties.CodeUri : './';
  const buildProperties = (resource.Metadata?.BuildProperties ?? {}) as Record<string, unknown>;
  const entryPoints = buildProperties.EntryPoints;
  const declared =
    Array.isArray(entryPoints) && typeof entryPoints[0] === 'string' ? entryPoints[0] : undefined;
  const entryPoint = posix.normalize(posix.join(codeUri, declared ?? `${handler.slice(0, dot)}.ts`));
  const buildMethod = resource.Metadata?.BuildMethod;
  return {
    logicalId,
    entryPoint,
    handler,
    handlerFile: handler.slice(0, dot),
    handlerExport: handler.slice(dot + 1),
    buildProperties,
    buildMethod: typeof buildMethod === 'string' ? buildMethod : undefined,
    resource,
  };
}
