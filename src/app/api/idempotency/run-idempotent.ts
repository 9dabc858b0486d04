// Idempotency-Key: the same key and request answer the first answer again; another request is a 422.
import { ConflictError, IdempotencyMismatchError, ValidationError } from '../../../core/errors.js';
import type { Principal } from '../../../core/guardrails/check-guardrails.js';
import type { JsonValue } from '../../../core/json/canonical-json.js';
import type { ApiAnswer, ParsedRequest } from '../../http/api-types.js';
import type { ApiDeps } from '../api-deps.js';
import type { AttemptProgress } from '../routes/route.js';
import { requestHash } from './request-hash.js';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Claims the key, runs `action`, stores a success as the answer to replay. A failure releases the
 * key (a retry starts afresh) unless the action marked its progress durable (a retry resumes).
 * Answers other than 2xx are not stored: the caller may fix the cause and retry with the same key.
 */
export async function runIdempotent(
  deps: ApiDeps,
  request: ParsedRequest,
  principal: Principal,
  key: string,
  action: (attempt: AttemptProgress) => Promise<ApiAnswer>,
): Promise<ApiAnswer> {
  if (!KEY_PATTERN.test(key)) {
    throw new ValidationError('Idempotency-Key must be 1-128 characters of A-Z a-z 0-9 _ . : -', {
      details: { field: 'Idempotency-Key' },
    });
  }
  const hash = requestHash(request);
  const claim = await deps.idempotency.claim({
    principal: principal.sub,
    key,
    requestHash: hash,
    now: deps.clock.now(),
    leaseMs: deps.settings.idempotencyLeaseMs,
    ttlMs: deps.settings.idempotencyTtlMs,
  });
  const record = claim.record;
  if (claim.outcome === 'existing') {
    if (record.requestHash !== hash) {
      throw new IdempotencyMismatchError(
        'This Idempotency-Key was used with a different request; use a new key for a new request',
        { details: { idempotencyKey: key } },
      );
    }
    if (record.state === 'Completed' && record.response !== undefined) {
      return {
        status: record.response.status,
        body: record.response.body,
        headers: { ...record.response.headers, 'idempotent-replayed': 'true' },
      };
    }
    throw new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly', {
      details: { idempotencyKey: key },
    });
  }
  let durable = Object.keys(record.progress).length > 0;
  const values: Record<string, string> = { ...record.progress };
  const attempt: AttemptProgress = {
    values,
    save: async (more, options) => {
      Object.assign(values, more);
      await deps.idempotency.saveProgress(principal.sub, key, more);
      if (options?.durable) durable = true;
    },
  };
  let answer: ApiAnswer;
  try {
    answer = await action(attempt);
  } catch (error) {
    await release(deps, principal.sub, key, durable);
    throw error;
  }
  if (answer.status >= 200 && answer.status < 300) {
    await deps.idempotency.complete(principal.sub, key, {
      status: answer.status,
      body: answer.body as JsonValue,
      ...(answer.headers !== undefined && { headers: answer.headers }),
    });
  } else {
    await release(deps, principal.sub, key, durable);
  }
  return answer;
}

async function release(deps: ApiDeps, principal: string, key: string, keep: boolean): Promise<void> {
  try {
    await deps.idempotency.release(principal, key, keep);
  } catch (error) {
    // The record's lease lapses on its own; the caller's answer must not change because of this.
    deps.telemetry.logger.error('Could not release an idempotency record', { error });
  }
}
