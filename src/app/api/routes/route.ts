// A route: method, path, schemas (which also make the OpenAPI document), permission and its action.
import type * as z from 'zod';
import type { Principal } from '../../../core/guardrails/check-guardrails.js';
import type { Permission } from '../../auth/roles.js';
import type { ApiAnswer, HttpMethod, ParsedRequest } from '../../http/api-types.js';
import type { ApiDeps } from '../api-deps.js';

export type RouteGroup = 'keys' | 'operations' | 'audit' | 'health';

/** What an action knows about an idempotent attempt: earlier progress, and how to record more. */
export interface AttemptProgress {
  readonly values: Readonly<Record<string, string>>;
  /**
   * Records progress before the next side effect. `durable`: from now on a failure keeps the record
   * so a retry resumes (e.g. a KMS key now exists) instead of starting afresh.
   */
  save(values: Readonly<Record<string, string>>, options?: { readonly durable?: boolean }): Promise<void>;
}

export interface RouteContext<P, Q, B> {
  readonly deps: ApiDeps;
  readonly request: ParsedRequest;
  /** Present on every route that has a permission (public routes get a placeholder `anonymous`). */
  readonly principal: Principal;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The version from If-Match, when the caller sent one. */
  readonly ifMatch: number | undefined;
  readonly attempt: AttemptProgress;
  /** Logs and audits a denial, then throws `error` (403, or 404 to hide another tenant's key). */
  deny(reason: string, error: Error, keyId?: string): Promise<never>;
}

export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly group: RouteGroup;
  /** Undefined: public (no token needed). */
  readonly permission: Permission | undefined;
  /** Mutations honour Idempotency-Key and If-Match. */
  readonly mutation: boolean;
  readonly params: z.ZodType | undefined;
  readonly query: z.ZodType | undefined;
  readonly body: z.ZodType | undefined;
  readonly bodyRequired: boolean;
  readonly success: { readonly status: number; readonly description: string; readonly schema: z.ZodType };
  /** Error statuses this route can answer (401/403 added for protected routes by the OpenAPI builder). */
  readonly errors: readonly number[];
  run(context: RouteContext<unknown, unknown, unknown>): Promise<ApiAnswer>;
}

export function defineRoute<
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
  errors: readonly number[];
  run(context: RouteContext<z.output<PS>, z.output<QS>, z.output<BS>>): Promise<ApiAnswer>;
}): Route {
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
    errors: spec.errors,
    run: spec.run as Route['run'],
  };
}
