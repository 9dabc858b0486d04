// A route: an endpoint bound to the action that serves it, and what the action gets from the router.
import type * as z from 'zod';
import type { Principal } from '../../../core/guardrails/check-guardrails.js';
import type { ApiAnswer, ParsedRequest } from '../../http/api-types.js';
import type { ApiDeps } from '../api-deps.js';
import type { Endpoint } from '../endpoints/endpoint.js';

export type { RouteGroup } from '../endpoints/endpoint.js';

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

export interface Route extends Endpoint {
  run(context: RouteContext<unknown, unknown, unknown>): Promise<ApiAnswer>;
}

/** The action's context is typed by the endpoint's schemas: the router hands it their parsed output. */
export function bindRoute<PS extends z.ZodType, QS extends z.ZodType, BS extends z.ZodType>(
  endpoint: Endpoint<PS, QS, BS>,
  run: (context: RouteContext<z.output<PS>, z.output<QS>, z.output<BS>>) => Promise<ApiAnswer>,
): Route {
  return { ...endpoint, run: run as Route['run'] };
}
