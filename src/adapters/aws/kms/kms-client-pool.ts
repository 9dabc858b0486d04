// One KMSClient per Region, created on first use and reused for the life of the process.
import { KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms';

export interface KmsClientPoolOptions {
  /** Endpoint override (the local KMS emulator); undefined uses AWS. The Region still goes in SigV4. */
  readonly endpoint?: string | undefined;
  readonly credentials?: KMSClientConfig['credentials'];
  /** SDK attempts per call (SDK default 3). Workflows may prefer 1 and let ASL Retry back off. */
  readonly maxAttempts?: number | undefined;
  /** Socket timeouts in ms, so a hung endpoint becomes a retryable network error. */
  readonly connectionTimeoutMs?: number | undefined;
  readonly requestTimeoutMs?: number | undefined;
}

export class KmsClientPool {
  readonly #clients = new Map<string, KMSClient>();
  readonly #options: KmsClientPoolOptions;

  constructor(options: KmsClientPoolOptions = {}) {
    this.#options = options;
  }

  /** The client for `region`, made once. */
  client(region: string): KMSClient {
    let client = this.#clients.get(region);
    if (client === undefined) {
      const options = this.#options;
      client = new KMSClient({
        region,
        ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
        ...(options.credentials !== undefined && { credentials: options.credentials }),
        ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
        requestHandler: {
          connectionTimeout: options.connectionTimeoutMs ?? 3_000,
          requestTimeout: options.requestTimeoutMs ?? 20_000,
        },
      });
      this.#clients.set(region, client);
    }
    return client;
  }

  /** Regions that have a client so far (for tests and diagnostics). */
  regions(): string[] {
    return [...this.#clients.keys()];
  }

  destroy(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }
}
