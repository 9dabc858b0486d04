// IdempotencyStore: one record per (principal, Idempotency-Key): the request's hash, progress, first answer.
import type { JsonValue } from '../../../core/json/canonical-json.js';

export interface StoredResponse {
  readonly status: number;
  readonly body: JsonValue;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface IdempotencyRecord {
  readonly principal: string;
  readonly key: string;
  /** SHA-256 of method, path, query and body: the same key with another request is refused. */
  readonly requestHash: string;
  readonly state: 'InProgress' | 'Completed';
  /** What an attempt already did (e.g. `keyId` of a created KMS key), so a retry carries on from there. */
  readonly progress: Readonly<Record<string, string>>;
  readonly response?: StoredResponse | undefined;
  /** Epoch ms until which the attempt that wrote `progress` owns the record. */
  readonly leaseUntil: number;
  /** Epoch seconds after which the record is void (DynamoDB TTL deletes it eventually; we check it). */
  readonly expiresAt: number;
}

export type ClaimResult =
  /** This attempt owns the record: a new one, or an unfinished one whose owner is gone (`progress` kept). */
  | { readonly outcome: 'claimed'; readonly record: IdempotencyRecord }
  /** Someone else's: finished (replay it), still running, or a different request. */
  | { readonly outcome: 'existing'; readonly record: IdempotencyRecord };

export interface ClaimRequest {
  readonly principal: string;
  readonly key: string;
  readonly requestHash: string;
  readonly now: Date;
  readonly leaseMs: number;
  readonly ttlMs: number;
}

/** The record a first claim writes: in progress, nothing done yet, leased to this attempt. */
export function newClaimRecord(request: ClaimRequest): IdempotencyRecord {
  const nowMs = request.now.getTime();
  return {
    principal: request.principal,
    key: request.key,
    requestHash: request.requestHash,
    state: 'InProgress',
    progress: {},
    leaseUntil: nowMs + request.leaseMs,
    expiresAt: Math.ceil((nowMs + request.ttlMs) / 1000),
  };
}

export interface IdempotencyStore {
  claim(request: ClaimRequest): Promise<ClaimResult>;
  /** Merges `progress` into the record (the owner only). */
  saveProgress(principal: string, key: string, progress: Readonly<Record<string, string>>): Promise<void>;
  /** Stores the first answer; later claims replay it. */
  complete(principal: string, key: string, response: StoredResponse): Promise<void>;
  /**
   * The attempt failed. `keep`: leave the record with its progress and a lapsed lease, so a retry
   * resumes (something durable happened); otherwise delete it, so a retry starts afresh.
   */
  release(principal: string, key: string, keep: boolean): Promise<void>;
}
