// The guided demo: the story of a global application's key, told step by step against the REST API and
// KMS itself. `runDemo` is what `npm run demo` and the end-to-end test both drive.
import { createDemoClient } from './demo-client.js';
import { auditTrail, deleteInOrder, driftAndRepair, promote, rotate } from './demo-lifecycle.js';
import {
  changeTag,
  createKeySet,
  encryptHereDecryptThere,
  replicate,
  signHereVerifyThere,
} from './demo-story.js';

export interface DemoOptions {
  /** The REST API, e.g. http://127.0.0.1:3000. */
  readonly api: string;
  /** A bearer token with the admin role (or operator of tenant `orders` and audit:read). */
  readonly token: string;
  /** Where KMS is: the local emulator, so the demo can also advance its clock. */
  readonly kmsEndpoint: string;
  readonly print: (line: string) => void;
  /**
   * Move the emulator clock to carry the deletions to their end (14 days). Only for a stack the demo
   * started itself, or when the user asked (`--advance-clock`): the clock is shared and the move persists.
   */
  readonly advanceClock?: boolean;
  /** How often progress is polled (ms). Default 100. */
  readonly pollMs?: number;
}

export interface DemoResult {
  /** The symmetric key set the story follows. */
  readonly keyId: string;
  /** The asymmetric key set that signed and verified. */
  readonly signingKeyId: string;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const client = createDemoClient(options);
  let step = 0;
  const say = (line: string) => options.print(line.startsWith(' ') ? line : `\n${++step}. ${line}`);
  try {
    const keyId = await createKeySet(client, say);
    await replicate(client, say, keyId);
    await encryptHereDecryptThere(client, say, keyId);
    const signingKeyId = await signHereVerifyThere(client, say);
    await changeTag(client, say, keyId);
    await promote(client, say, keyId, 'eu-west-1');
    await rotate(client, say, keyId);
    await driftAndRepair(client, say, keyId);
    await deleteInOrder(client, say, [keyId, signingKeyId], options.advanceClock === true);
    await auditTrail(client, say, keyId);
    options.print('\nThe demo is complete.');
    return { keyId, signingKeyId };
  } finally {
    client.close();
  }
}
