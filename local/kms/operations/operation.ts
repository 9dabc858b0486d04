// What an operation sees (never HTTP) and what it is: an input shape plus run(ctx, input).
import type { Clock } from '../clock.js';
import { pooledRandomBytes } from '../crypto/random-pool.js';
import type { Identity } from '../model/identity.js';
import type { KmsStore } from '../model/store.js';
import type { ResolvedOptions } from '../options.js';
import type { InputShape } from '../protocol/shapes.js';

export interface OperationContext {
  region: string;
  account: string;
  partition: string;
  store: KmsStore;
  clock: Clock;
  options: ResolvedOptions;
  requestId: string;
  /** Who calls (an account root unless an identities file says otherwise). */
  caller: Identity;
  /** The operation's name (Encrypt, PutKeyPolicy, ...) and its validated input: conditions read it. */
  operation: string;
  input: Record<string, unknown>;
  /** Keys and actions already authorised in this request (`${arn}\n${action}`). */
  authorized: Set<string>;
  /** Marks a read-only operation as having changed state (an AWS managed key created on first use). */
  markChanged(): void;
  random(bytes: number): Buffer;
  /** Records a CloudTrail-shaped event; the server fills time, Region and request id. */
  record(event: RecordedEvent): void;
}

export interface RecordedEvent {
  eventName: string;
  region?: string;
  readOnly?: boolean;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  resources?: string[];
  invokedBy?: string;
  userIdentity?: string;
}

export interface Operation<Input = Record<string, unknown>, Output = Record<string, unknown> | undefined> {
  input: InputShape;
  /** Read-only operations are recorded as such in the event log. */
  readOnly?: boolean;
  run(ctx: OperationContext, input: Input): Output | Promise<Output>;
}

/** Declares an operation with a typed input; the registry validates the body before run() sees it. */
export function defineOperation<Input, Output extends Record<string, unknown> | undefined>(
  operation: Operation<Input, Output>,
): Operation<Input, Output> {
  return operation;
}

/** Secure random bytes from a pre-filled pool (one native call per 8 KiB; see crypto/random-pool.ts). */
export const secureRandom = (bytes: number): Buffer => pooledRandomBytes(bytes);
