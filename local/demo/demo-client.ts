// What the demo talks through: the REST API (mrkctl's client, with per-Region progress while it waits),
// KMS clients per Region straight at the emulator (the data plane), and the emulator's admin API.
import { KMSClient } from '@aws-sdk/client-kms';
import { ApiClient } from '../../cli/api-client.js';
import type { OperationView } from '../../cli/format/views.js';
import { createProgressDisplay } from '../../cli/progress-display.js';
import { waitForOperation } from '../../cli/wait-for-operation.js';

export interface DemoClient {
  readonly api: ApiClient;
  kms(region: string): KMSClient;
  /** Polls the operation to its end, printing each Region's progress as it changes. */
  settle(operation: Pick<OperationView, 'operationId'>): Promise<OperationView>;
  /** True when kmsEndpoint is our emulator (its admin API answers): the clock can be advanced. */
  isEmulator(): Promise<boolean>;
  advanceClock(seconds: number): Promise<void>;
  close(): void;
}

export function createDemoClient(options: {
  api: string;
  token: string;
  kmsEndpoint: string;
  print: (line: string) => void;
  pollMs?: number;
}): DemoClient {
  const api = new ApiClient({ baseUrl: options.api, token: options.token });
  const clients = new Map<string, KMSClient>();
  // The display writes whole lines; the demo's print takes one line at a time.
  const out = {
    write(text: string) {
      for (const line of text.split('\n')) if (line !== '') options.print(`    ${line}`);
    },
  };
  return {
    api,
    kms(region) {
      let client = clients.get(region);
      if (client === undefined) {
        client = new KMSClient({
          region,
          endpoint: options.kmsEndpoint,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        });
        clients.set(region, client);
      }
      return client;
    },
    async settle(operation) {
      const final = await waitForOperation(api, operation.operationId, {
        display: createProgressDisplay(out),
        pollMs: options.pollMs ?? 100,
      });
      if (final.status !== 'Succeeded') {
        throw new Error(
          `Operation ${final.operationId} (${final.type}) ended ${final.status}: ${JSON.stringify(final.regions)}`,
        );
      }
      return final;
    },
    async isEmulator() {
      try {
        return (await fetch(`${options.kmsEndpoint}/_emulator/health`)).ok;
      } catch {
        return false;
      }
    },
    async advanceClock(seconds) {
      const response = await fetch(`${options.kmsEndpoint}/_emulator/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ seconds }),
      });
      if (!response.ok) throw new Error(`Advancing the emulator clock failed: HTTP ${response.status}`);
    },
    close() {
      for (const client of clients.values()) client.destroy();
    },
  };
}
