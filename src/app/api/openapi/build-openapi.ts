// The OpenAPI 3.1 document, made from the same endpoints (zod schemas, permissions) the router serves.
import * as z from 'zod';
import { MAX_JSON_DEPTH } from '../../../core/json/check-json-text.js';
import { MAX_BODY_BYTES } from '../../http/parse-request.js';
import type { Endpoint } from '../endpoints/endpoint.js';
import { MAX_POLICY_BYTES } from '../schemas/common-schemas.js';
import { KEY_SET_ITEM_BUDGET_BYTES } from '../schemas/key-set-budget.js';
import { errorSchema } from '../schemas/view-schemas.js';

/** The limits every request meets before any work, as the document states them (`x-limits` too). */
export const REQUEST_LIMITS = {
  bodyBytes: MAX_BODY_BYTES,
  jsonDepth: MAX_JSON_DEPTH,
  policyBytes: MAX_POLICY_BYTES,
  keySetStorageBytes: KEY_SET_ITEM_BUDGET_BYTES,
} as const;

const LIMITS_TEXT =
  `Limits, all checked before any KMS call (400 unless said otherwise): a JSON body of at most ${MAX_BODY_BYTES} ` +
  `bytes (413), nested at most ${MAX_JSON_DEPTH} levels deep, with no property given twice in one object, no ` +
  `property named __proto__, no number beyond the double range and no lone surrogate; a key policy of at most ${MAX_POLICY_BYTES} bytes as canonical JSON that allows ` +
  'kms:PutKeyPolicy to some principal; and a key set that fits its storage budget of ' +
  `${KEY_SET_ITEM_BUDGET_BYTES} bytes once every Region's key is recorded (desired state with its Region ` +
  "overrides, plus each Region's description, tags and aliases): within the per-field limits, many Regions " +
  'with large overrides can exceed it.';

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'The request is malformed: the message names every problem, unknown fields by name',
  401: 'No bearer token, or one that does not verify',
  403: 'A role or guardrail denies the request',
  404: 'No such resource (also for a key of another tenant)',
  409: 'Another operation holds the key, or its state forbids the request',
  412: 'The If-Match version is stale',
  413: 'The request body is too large',
  415: 'The request body is not JSON',
  422: 'The Idempotency-Key was used with a different request',
  429: 'Throttled; retry later',
  500: 'An unexpected error (the message says nothing more)',
  503: 'A dependency (KMS, DynamoDB, Step Functions) is unavailable; retry later',
};

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    reused: 'inline',
    cycles: 'throw',
  }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (schema === undefined) return [];
  const object = jsonSchema(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: property,
  }));
}

const HEADERS = {
  idempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'A retry with the same key and request gets the first answer; another request with it is a 422',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,128}$' },
  },
  ifMatch: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The key version (ETag) the change is based on; a stale one is a 412',
    schema: { type: 'string' },
  },
};

function operationOf(endpoint: Endpoint): JsonSchema {
  const errors = new Set<number>([...endpoint.errors, 500, ...(endpoint.permission ? [401, 403] : [])]);
  const responses: Record<string, JsonSchema> = {};
  for (const success of [endpoint.success, ...endpoint.alsoSuccess]) {
    responses[String(success.status)] = {
      description: success.description,
      content: { 'application/json': { schema: jsonSchema(success.schema, 'output') } },
    };
  }
  for (const status of [...errors].sort()) {
    responses[String(status)] = {
      description: STATUS_TEXT[status] ?? 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    tags: [endpoint.group],
    security: endpoint.permission ? [{ bearerAuth: [] }] : [],
    parameters: [
      ...parameters(endpoint.params, 'path'),
      ...parameters(endpoint.query, 'query'),
      ...(endpoint.mutation ? [HEADERS.idempotencyKey, HEADERS.ifMatch] : []),
    ],
    ...(endpoint.body !== undefined && {
      requestBody: {
        required: endpoint.bodyRequired,
        content: { 'application/json': { schema: jsonSchema(endpoint.body, 'input') } },
      },
    }),
    responses,
  };
}

export function buildOpenApiDocument(endpoints: readonly Endpoint[]): Record<string, unknown> {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const endpoint of endpoints) {
    paths[endpoint.path] ??= {};
    paths[endpoint.path]![endpoint.method.toLowerCase()] = operationOf(endpoint);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'mrk-control-plane',
      version: '1.0.0',
      description: `Manages AWS KMS multi-Region key sets as one object each. ${LIMITS_TEXT}`,
    },
    'x-limits': REQUEST_LIMITS,
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    tags: [
      { name: 'keys', description: 'Key sets and their lifecycle' },
      { name: 'operations', description: 'Progress of mutating requests' },
      { name: 'audit', description: 'The hash-chained audit trail' },
      { name: 'health', description: 'Liveness and this document' },
    ],
    paths,
    components: {
      schemas: { Error: jsonSchema(errorSchema, 'output') },
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
