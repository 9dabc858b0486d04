// The OpenAPI document: valid 3.1 structure, sound JSON Schemas, and exactly the routes served and deployed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routesFromTemplate } from '../../../local/api-gateway/routes-from-template.js';
import { createHealthApiHandler } from '../../../src/app/api/create-api-handler.js';
import { openApiDocument } from '../../../src/app/api/openapi/openapi-document.js';
import { ALL_ROUTES } from '../../../src/app/api/routes/all-routes.js';
import { fakeDeps } from './helpers/fake-deps.js';
import { json, sampleEvent } from './helpers/sample-events.js';

type Json = Record<string, unknown>;
const document = openApiDocument() as Json & {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Json };
};
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/** A small structural check of a JSON Schema (2020-12) as zod emits it; returns the problems found. */
function schemaProblems(schema: unknown, where: string, out: string[] = []): string[] {
  if (typeof schema === 'boolean') return out;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    out.push(`${where}: not a schema`);
    return out;
  }
  const node = schema as Json;
  if ('$schema' in node) out.push(`${where}: embedded $schema`);
  if (typeof node.$ref === 'string') {
    const name = /^#\/components\/schemas\/(.+)$/.exec(node.$ref)?.[1];
    if (name === undefined || !(name in document.components.schemas))
      out.push(`${where}: dangling $ref ${node.$ref}`);
  }
  const types = node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
  for (const type of types)
    if (!TYPES.has(type as string)) out.push(`${where}: unknown type ${String(type)}`);
  if (node.pattern !== undefined) {
    try {
      new RegExp(node.pattern as string, 'u');
    } catch {
      out.push(`${where}: pattern does not compile`);
    }
  }
  if (node.required !== undefined) {
    const properties = (node.properties ?? {}) as Json;
    for (const name of node.required as string[])
      if (!(name in properties)) out.push(`${where}: required ${name} is not a property`);
  }
  for (const [key, value] of Object.entries((node.properties ?? {}) as Json))
    schemaProblems(value, `${where}.${key}`, out);
  for (const key of ['items', 'additionalProperties', 'propertyNames', 'not']) {
    if (node[key] !== undefined && typeof node[key] === 'object')
      schemaProblems(node[key], `${where}/${key}`, out);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    for (const [index, item] of ((node[key] ?? []) as unknown[]).entries())
      schemaProblems(item, `${where}/${key}/${index}`, out);
  }
  return out;
}

function operations(): { method: string; path: string; operation: Json }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

describe('the OpenAPI document', () => {
  it('is an OpenAPI 3.1 document with info, paths and a bearer security scheme', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(document.components).toMatchObject({
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
    });
  });

  it('lists exactly the routes the router serves, and exactly the Api events of template.yaml', () => {
    const documented = operations()
      .map(({ method, path }) => `${method} ${path}`)
      .sort();
    expect(documented).toEqual(ALL_ROUTES.map((route) => `${route.method} ${route.path}`).sort());
    const template = readFileSync(new URL('../../../template.yaml', import.meta.url), 'utf8');
    expect(documented).toEqual(
      routesFromTemplate(template)
        .map((route) => `${route.method} ${route.path}`)
        .sort(),
    );
  });

  it('gives every operation a unique id, responses with descriptions, and JSON error answers', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { method, path, operation } of operations()) {
      const responses = operation.responses as Record<string, Json>;
      const statuses = Object.keys(responses);
      expect(
        statuses.some((status) => status.startsWith('2')),
        `${method} ${path}`,
      ).toBe(true);
      expect(statuses).toContain('500');
      for (const [status, response] of Object.entries(responses)) {
        expect(response.description, `${method} ${path} ${status}`).toEqual(expect.any(String));
        if (!status.startsWith('2')) {
          expect(response.content).toEqual({
            'application/json': { schema: { $ref: '#/components/schemas/Error' } },
          });
        }
      }
      if ((operation.security as unknown[]).length > 0)
        expect(statuses).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('declares every path parameter as required, and the idempotency and version headers on mutations', () => {
    for (const { method, path, operation } of operations()) {
      const parameters = (operation.parameters ?? []) as Json[];
      const declared = parameters
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => parameter.name);
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      expect(declared.sort(), `${method} ${path}`).toEqual(inPath.sort());
      for (const parameter of parameters) if (parameter.in === 'path') expect(parameter.required).toBe(true);
      if (method !== 'GET') {
        expect(parameters.map((parameter) => parameter.name)).toEqual(
          expect.arrayContaining(['Idempotency-Key', 'If-Match']),
        );
      }
    }
  });

  it('holds JSON Schemas that are structurally sound, with unknown body fields refused', () => {
    const problems: string[] = [];
    for (const { method, path, operation } of operations()) {
      for (const parameter of (operation.parameters ?? []) as Json[])
        schemaProblems(parameter.schema, `${method} ${path} ${parameter.name}`, problems);
      const body = (operation.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
      if (body !== undefined) {
        const schema = body['application/json']!.schema as Json;
        schemaProblems(schema, `${method} ${path} body`, problems);
        expect(schema.additionalProperties, `${method} ${path}`).toBe(false);
      }
      for (const response of Object.values(operation.responses as Record<string, Json>)) {
        const content = response.content as Record<string, Json> | undefined;
        if (content)
          schemaProblems(content['application/json']!.schema, `${method} ${path} response`, problems);
      }
    }
    schemaProblems(document.components.schemas.Error, 'Error', problems);
    expect(problems).toEqual([]);
  });

  it('is served at GET /openapi.json without a token', async () => {
    const result = await createHealthApiHandler(fakeDeps())(sampleEvent('get-openapi'));
    expect(result.statusCode).toBe(200);
    expect(json(result)).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('lists the 503 that README promises for GET /health', () => {
    const responses = document.paths['/health']!.get!.responses as Record<string, Json>;
    expect(Object.keys(responses).sort()).toEqual(['200', '400', '500', '503']);
    expect(readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')).toMatch(
      /`GET \/health` answers 200 only while every stand-in answers \(503/,
    );
  });
});
