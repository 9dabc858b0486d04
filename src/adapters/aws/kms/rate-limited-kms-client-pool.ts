// A KmsClientPool whose clients wait for the rate limiter before every call and back off on
// ThrottlingException themselves, so KmsKeyService runs unchanged under client-side quotas.
import type { KMSClient } from '@aws-sdk/client-kms';
import { KmsClientPool, type KmsClientPoolOptions } from './kms-client-pool.js';
import type { KmsRateLimiter } from './kms-rate-limiter.js';

export interface RateLimitedPoolOptions extends KmsClientPoolOptions {
  readonly limiter: KmsRateLimiter;
  /** Attempts after a ThrottlingException before the error is handed on. Default 8. */
  readonly throttleRetries?: number;
  /** First backoff in ms; doubles per attempt with full jitter, capped at 5 s. Default 50. */
  readonly backoffBaseMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const MAX_BACKOFF_MS = 5_000;

export class RateLimitedKmsClientPool extends KmsClientPool {
  readonly #wired = new WeakSet<KMSClient>();
  readonly #options: RateLimitedPoolOptions;

  /** The SDK's own retries are off (maxAttempts 1 unless given): the limiter paces the retries. */
  constructor(options: RateLimitedPoolOptions) {
    super({ ...options, maxAttempts: options.maxAttempts ?? 1 });
    this.#options = options;
  }

  override client(region: string): KMSClient {
    const client = super.client(region);
    if (!this.#wired.has(client)) {
      this.#wired.add(client);
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
          return this.#call(region, operation, () => next(args));
        },
        { step: 'deserialize', priority: 'high', name: 'mrkRateLimitMiddleware' },
      );
    }
    return client;
  }

  async #call<T>(region: string, operation: string, send: () => Promise<T>): Promise<T> {
    const { limiter } = this.#options;
    const retries = this.#options.throttleRetries ?? 8;
    const base = this.#options.backoffBaseMs ?? 50;
    const sleep = this.#options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const random = this.#options.random ?? Math.random;
    for (let attempt = 0; ; attempt++) {
      await limiter.acquire(region, operation);
      try {
        return await send();
      } catch (error) {
        if ((error as { name?: unknown }).name !== 'ThrottlingException' || attempt >= retries) throw error;
        limiter.throttled(region, operation);
        await sleep(Math.floor(random() * Math.min(MAX_BACKOFF_MS, base * 2 ** attempt)));
      }
    }
  }
}
