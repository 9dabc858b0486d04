// KMS request quotas (KMS-MRK-SPEC section 12): a token bucket per (account, Region, quota), off by
// default. Cryptographic operations share one pool per key type; over the rate answers ThrottlingException
// as KMS does. ReplicateKey also counts 2 CreateKey in the replica Region, UpdatePrimaryRegion 1 in each.
import { performance } from 'node:perf_hooks';
import {
  KMS_DATA_KEY_PAIR_QUOTAS,
  KMS_KEY_CRYPTO_OPERATIONS,
  KMS_MANAGEMENT_QUOTAS,
  type KmsCryptoPool,
  kmsCryptoPoolQuota,
} from '../../src/core/kms/request-quotas.js';
import type { InterceptedCall } from './emulator.js';
import { parseArn } from './model/arn.js';
import type { KmsStore } from './model/store.js';
import { errors } from './protocol/errors.js';

interface Charge {
  region: string;
  quota: string;
  rate: number;
  tokens: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export interface QuotaSettings {
  enabled: boolean;
  scale: number;
}

export class QuotaLimiter {
  private buckets = new Map<string, Bucket>();
  private throttled = new Map<string, Map<string, number>>();

  constructor(
    private settings: QuotaSettings,
    private readonly store: KmsStore,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Validates a PUT body ({enabled?, scale?}) and applies it; buckets start full again. */
  configure(body: unknown): QuotaSettings {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new Error('Body must be a JSON object: {"enabled": true, "scale": 0.1}.');
    }
    const { enabled, scale, ...rest } = body as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) throw new Error(`Unknown field(s): ${unknown.join(', ')}.`);
    if (enabled !== undefined && typeof enabled !== 'boolean')
      throw new Error('enabled must be true or false.');
    if (scale !== undefined && (typeof scale !== 'number' || !(scale > 0 && scale <= 1000))) {
      throw new Error('scale must be a number above 0 and at most 1000.');
    }
    this.settings = {
      enabled: (enabled as boolean | undefined) ?? this.settings.enabled,
      scale: (scale as number | undefined) ?? this.settings.scale,
    };
    this.buckets.clear();
    return { ...this.settings };
  }

  view(): QuotaSettings & { throttled: Record<string, Record<string, number>> } {
    const throttled: Record<string, Record<string, number>> = {};
    for (const [region, counts] of this.throttled) throttled[region] = Object.fromEntries(counts);
    return { ...this.settings, throttled };
  }

  resetCounts(): void {
    this.throttled.clear();
  }

  readonly intercept = (call: InterceptedCall): void => {
    if (!this.settings.enabled) return;
    const charges = this.chargesOf(call);
    const now = this.now();
    const buckets = charges.map((charge) => this.refill(call.account, charge, now));
    const short = charges.findIndex(
      (charge, i) => (buckets[i] as Bucket).tokens < Math.min(charge.tokens, this.capacity(charge)),
    );
    if (short >= 0) {
      const charge = charges[short] as Charge;
      const counts = this.throttled.get(charge.region) ?? new Map<string, number>();
      this.throttled.set(charge.region, counts);
      counts.set(charge.quota, (counts.get(charge.quota) ?? 0) + 1);
      throw errors.throttling();
    }
    // A charge larger than the bucket (2 CreateKey at a tiny scale) may drive it negative: later calls wait.
    charges.forEach((charge, i) => {
      (buckets[i] as Bucket).tokens -= charge.tokens;
    });
  };

  private capacity(charge: Charge): number {
    return Math.max(1, charge.rate * this.settings.scale);
  }

  private refill(account: string, charge: Charge, now: number): Bucket {
    const id = `${account}/${charge.region}/${charge.quota}`;
    const capacity = this.capacity(charge);
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = { tokens: capacity, at: now };
      this.buckets.set(id, bucket);
    }
    const refilled = (Math.max(0, now - bucket.at) / 1000) * charge.rate * this.settings.scale;
    bucket.tokens = Math.min(capacity, bucket.tokens + refilled);
    bucket.at = now;
    return bucket;
  }

  private chargesOf(call: InterceptedCall): Charge[] {
    const { operation, region, input } = call;
    const one = (quota: string, rate: number, where = region, tokens = 1): Charge => ({
      region: where,
      quota,
      rate,
      tokens,
    });
    if (operation === 'ReplicateKey' && typeof input.ReplicaRegion === 'string') {
      // One ReplicateKey here, and 2 CreateKey in the replica Region (one is an internal dry run).
      return [one('ReplicateKey', 5), one('CreateKey', 5, input.ReplicaRegion, 2)];
    }
    if (operation === 'UpdatePrimaryRegion' && typeof input.PrimaryRegion === 'string') {
      return [one('UpdatePrimaryRegion', 5), one('UpdatePrimaryRegion', 5, input.PrimaryRegion)];
    }
    if (operation.startsWith('GenerateDataKeyPair')) {
      const spec = String(input.KeyPairSpec);
      const rate = KMS_DATA_KEY_PAIR_QUOTAS[spec];
      return rate === undefined ? [] : [one(`${operation} (${spec})`, rate)];
    }
    if (operation === 'GenerateRandom' || KMS_KEY_CRYPTO_OPERATIONS.has(operation)) {
      const pool = this.poolOf(call);
      return [one(`Cryptographic operations (${pool})`, kmsCryptoPoolQuota(pool, region))];
    }
    const rate = KMS_MANAGEMENT_QUOTAS[operation];
    return rate === undefined ? [] : [one(operation, rate)];
  }

  /** The crypto pool of the key a call names: symmetric (incl. HMAC), RSA or ECC. */
  private poolOf({ account, region, input }: InterceptedCall): KmsCryptoPool {
    const id = typeof input.KeyId === 'string' ? input.KeyId : input.SourceKeyId;
    if (typeof id !== 'string') return 'symmetric';
    let keyId = id;
    let owner = account;
    const arn = id.startsWith('arn:') ? parseArn(id) : undefined;
    if (arn) {
      owner = arn.account;
      // An alias ARN's resource is the name without "alias/" (see resolve.ts).
      keyId = arn.resourceType === 'alias' ? `alias/${arn.resource}` : arn.resource;
    }
    if (keyId.startsWith('alias/')) keyId = this.store.alias(owner, region, keyId)?.targetKeyId ?? '';
    const spec = this.store.shared(owner, keyId)?.keySpec ?? 'SYMMETRIC_DEFAULT';
    return spec.startsWith('RSA') ? 'RSA' : spec.startsWith('ECC') ? 'ECC' : 'symmetric';
  }
}
