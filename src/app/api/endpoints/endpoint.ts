// An endpoint: what a route is to its callers (method, path, schemas, permission), without the code that serves it.
import type * as z from 'zod';
import type { Permission } from '../../auth/roles.js';
import type { HttpMethod } from '../../http/api-types.js';

/** The Lambda function that serves a route: `functions/api/<group>-api.ts` (template.yaml maps each route). */
export type RouteGroup = 'keys' | 'operations' | 'audit' | 'health';

/**
 * Endpoints hold no action, so the OpenAPI document is built from them alone and a function bundles only
 * the actions of its own routes. The schema types are kept so that binding an action checks its context.
 */
export interface Endpoint<
  PS extends z.ZodType = z.ZodType,
  QS extends z.ZodType = z.ZodType,
  BS extends z.ZodType = z.ZodType,
> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly group: RouteGroup;
  /** Undefined: public (no token needed). */
  readonly permission: Permission | undefined;
  /** Mutations honour Idempotency-Key and If-Match. */
  readonly mutation: boolean;
  readonly params: PS | undefined;
  readonly query: QS | undefined;
  readonly body: BS | undefined;
  readonly bodyRequired: boolean;
  readonly success: { readonly status: number; readonly description: string; readonly schema: z.ZodType };
  /** Other success answers, e.g. a 200 "nothing to change" beside a mutation's 202. */
  readonly alsoSuccess: readonly {
    readonly status: number;
    readonly description: string;
    readonly schema: z.ZodType;
  }[];
  /** Error statuses this route can answer (401/403 added for protected routes by the OpenAPI builder). */
  readonly errors: readonly number[];
}

export function defineEndpoint<
  PS extends z.ZodType = z.ZodType<undefined>,
  QS extends z.ZodType = z.ZodType<undefined>,
  BS extends z.ZodType = z.ZodType<undefined>,
>(spec: {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  group: RouteGroup;
  permission?: Permission;
  mutation?: boolean;
  params?: PS;
  query?: QS;
  body?: BS;
  bodyRequired?: boolean;
  success: { status: number; description: string; schema: z.ZodType };
  alsoSuccess?: readonly { status: number; description: string; schema: z.ZodType }[];
  errors: readonly number[];
}): Endpoint<PS, QS, BS> {
  return {
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    group: spec.group,
    permission: spec.permission,
    mutation: spec.mutation ?? false,
    params: spec.params,
    query: spec.query,
    body: spec.body,
    bodyRequired: spec.bodyRequired ?? spec.body !== undefined,
    success: spec.success,
    alsoSuccess: spec.alsoSuccess ?? [],
    errors: spec.errors,
  };
}
