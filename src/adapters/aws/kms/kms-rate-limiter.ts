// KmsRateLimiter: a token bucket per (Region, operation), sized from the KMS quota table times a
// fraction, so a fleet-wide scan stays under the quotas instead of learning them from throttling.
import { performance } from 'node:perf_hooks';
import { KMS_MANAGEMENT_QUOTAS, kmsQuotaOf } from '../../../core/kms/request-quotas.js';

export interface KmsRateLimiterOptions {
  /** Share of each quota this process may use (0 < fraction; 1 = all of it). Leave room for other callers. */
  readonly fraction: number;
  /** Requests per second per operation; default the AWS table. A test or the emulator's scale changes it. */
  readonly quotas?: Readonly<Record<string, number>>;
  /**
   * Seconds of burst a bucket holds (default 0.25). KMS's own buckets hold one second; a client that
   * spent all of it at once would leave KMS's bucket nearly empty, and then any jitter in arrival
   * times is throttled. A short client burst keeps most of KMS's burst as a cushion.
   */
  readonly burstSeconds?: number;
  /** Monotonic milliseconds (default performance.now). */
  readonly now?: () => number;
  /** Runs `run` after `ms` (default setTimeout); injectable so tests need no real waiting. */
  readonly schedule?: (run: () => void, ms: number) => void;
}

interface Bucket {
  readonly rate: number;
  readonly capacity: number;
  tokens: number;
  at: number;
  readonly waiting: Array<() => void>;
  timerSet: boolean;
}

export interface RateLimiterCounts {
  /** Calls let through, per `region/operation` (retries included). */
  readonly calls: Readonly<Record<string, number>>;
  /** ThrottlingExceptions reported back, per `region/operation`. */
  readonly throttled: Readonly<Record<string, number>>;
}

export class KmsRateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #calls = new Map<string, number>();
  readonly #throttled = new Map<string, number>();
  readonly #fraction: number;
  readonly #burstSeconds: number;
  readonly #quotas: Readonly<Record<string, number>>;
  readonly #now: () => number;
  readonly #schedule: (run: () => void, ms: number) => void;

  constructor(options: KmsRateLimiterOptions) {
    if (!(options.fraction > 0 && options.fraction <= 1000)) throw new RangeError('fraction must be above 0');
    this.#fraction = options.fraction;
    this.#burstSeconds = options.burstSeconds ?? 0.25;
    this.#quotas = options.quotas ?? KMS_MANAGEMENT_QUOTAS;
    this.#now = options.now ?? (() => performance.now());
    this.#schedule = options.schedule ?? ((run, ms) => void setTimeout(run, ms));
  }

  /** The rate (requests per second) this limiter allows for `operation` in any one Region. */
  rateOf(operation: string): number {
    return kmsQuotaOf(operation, this.#quotas) * this.#fraction;
  }

  /** Resolves when a call of `operation` in `region` may go; callers are served in arrival order. */
  acquire(region: string, operation: string): Promise<void> {
    const id = `${region}/${operation}`;
    this.#calls.set(id, (this.#calls.get(id) ?? 0) + 1);
    const bucket = this.#bucket(id, operation);
    this.#refill(bucket);
    if (bucket.waiting.length === 0 && bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      bucket.waiting.push(resolve);
      this.#wake(bucket);
    });
  }

  /** KMS throttled a call anyway (other callers share the quota): empty the bucket so everyone slows down. */
  throttled(region: string, operation: string): void {
    const id = `${region}/${operation}`;
    this.#throttled.set(id, (this.#throttled.get(id) ?? 0) + 1);
    const bucket = this.#bucket(id, operation);
    this.#refill(bucket);
    bucket.tokens = Math.min(bucket.tokens, 0);
  }

  counts(): RateLimiterCounts {
    return { calls: Object.fromEntries(this.#calls), throttled: Object.fromEntries(this.#throttled) };
  }

  #bucket(id: string, operation: string): Bucket {
    let bucket = this.#buckets.get(id);
    if (bucket === undefined) {
      const rate = this.rateOf(operation);
      const capacity = Math.max(1, rate * this.#burstSeconds);
      bucket = { rate, capacity, tokens: capacity, at: this.#now(), waiting: [], timerSet: false };
      this.#buckets.set(id, bucket);
    }
    return bucket;
  }

  #refill(bucket: Bucket): void {
    const now = this.#now();
    bucket.tokens = Math.min(bucket.capacity, bucket.tokens + ((now - bucket.at) / 1000) * bucket.rate);
    bucket.at = now;
  }

  #wake(bucket: Bucket): void {
    if (bucket.timerSet) return;
    const ms = Math.max(1, Math.ceil(((1 - bucket.tokens) / bucket.rate) * 1000));
    bucket.timerSet = true;
    this.#schedule(() => {
      bucket.timerSet = false;
      this.#drain(bucket);
    }, ms);
  }

  #drain(bucket: Bucket): void {
    this.#refill(bucket);
    while (bucket.waiting.length > 0 && bucket.tokens >= 1) {
      bucket.tokens -= 1;
      (bucket.waiting.shift() as () => void)();
    }
    if (bucket.waiting.length > 0) this.#wake(bucket);
  }
}
