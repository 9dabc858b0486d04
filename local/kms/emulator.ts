// The emulator behind the HTTP server: state, clock, event log, and the request pipeline with the
// guards in AWS's order (body, content type, JSON, target, auth, validation, operation).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { VirtualClock } from './clock.js';
import { EventLog } from './events.js';
import { FaultInjector } from './faults.js';
import { authorizeIam } from './model/authorize.js';
import { type Identity, IdentityDirectory } from './model/identity.js';
import { lifecycleHandlers } from './model/lifecycle.js';
import { partitionOf } from './model/partitions.js';
import { KmsStore, type LifecycleEvent, type SettleEnv } from './model/store.js';
import { assertGrantTokens } from './operations/grant-common.js';
import type { OperationContext, RecordedEvent } from './operations/operation.js';
import { secureRandom } from './operations/operation.js';
import { operations } from './operations/registry.js';
import { type KmsEmulatorOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { errors, KmsError } from './protocol/errors.js';
import { readBody } from './protocol/read-body.js';
import { callerOf } from './protocol/sigv4-scope.js';
import { validateInput } from './protocol/validate.js';
import { QuotaLimiter } from './quotas.js';

/** Runs before each operation (after validation): fault injection and quotas plug in here. */
export type Interceptor = (call: InterceptedCall) => void | Promise<void>;

export interface InterceptedCall {
  operation: string;
  region: string;
  account: string;
  /** The validated input (blobs as Buffers): quotas read ReplicaRegion, PrimaryRegion, KeyPairSpec. */
  input: Record<string, unknown>;
}

/** Operations CloudTrail marks readOnly although the registry does not (they change no state). */
const TRAIL_READ_ONLY =
  /^(Describe|Get|List|Encrypt$|Decrypt$|ReEncrypt$|GenerateData|GenerateMac$|GenerateRandom$|Sign$|Verify|DeriveSharedSecret$)/;

const JSON_TYPE = 'application/x-amz-json-1.1';

/** Operations on no key: only the caller's IAM policies (the identities file) decide, on this resource. */
const KEYLESS_RESOURCES: Readonly<Record<string, (ctx: OperationContext) => string>> = {
  CreateKey: () => '*',
  ListKeys: () => '*',
  ListAliases: () => '*',
  GenerateRandom: () => '*',
  ListRetirableGrants: () => '*',
};

export class KmsEmulator {
  readonly options: ResolvedOptions;
  readonly store = new KmsStore();
  readonly clock: VirtualClock;
  readonly events = new EventLog();
  readonly interceptors: Interceptor[] = [];
  /** Called after every successful mutating operation (persistence plugs in here). */
  readonly afterMutation: Array<() => void> = [];

  readonly faults = new FaultInjector((name) => Object.hasOwn(operations, name));
  readonly quotas: QuotaLimiter;
  identities: IdentityDirectory;

  constructor(options: KmsEmulatorOptions = {}) {
    this.options = resolveOptions(options);
    this.identities = new IdentityDirectory(this.options.identities, this.options.account);
    this.clock = new VirtualClock(this.options.timeScale);
    this.quotas = new QuotaLimiter(
      { enabled: this.options.quotas, scale: this.options.quotaScale },
      this.store,
      // Buckets refill on the emulator's clock: advancing it (admin API, --time-scale) refills them.
      () => this.clock.now(),
    );
    // Faults first: a call failed by an injected outage never reaches the quota buckets.
    this.interceptors.push(this.faults.intercept, this.quotas.intercept);
  }

  /**
   * Runs every timed transition that is due (replica creation, windows ending, ...) and persists them at
   * once, whatever happens to the request that triggered them; true if any ran.
   */
  settle(): boolean {
    const next = this.store.scheduled()[0];
    if (!next || next.at > this.clock.now()) return false;
    const env: SettleEnv = {
      random: secureRandom,
      record: (event) => this.recordLifecycle(event),
    };
    if (this.store.settle(this.clock.now(), lifecycleHandlers, env) === 0) return false;
    this.persist();
    return true;
  }

  /** Runs the afterMutation hooks: persistence writes what changed. */
  persist(): void {
    for (const hook of this.afterMutation) hook();
  }

  async handleKmsRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    try {
      const output = await this.dispatch(req, requestId);
      send(res, 200, requestId, output === undefined ? '' : JSON.stringify(output));
    } catch (error) {
      const kmsError = error instanceof KmsError ? error : internal(error);
      send(res, kmsError.status, requestId, JSON.stringify(kmsError.body()));
    }
  }

  private async dispatch(
    req: IncomingMessage,
    requestId: string,
  ): Promise<Record<string, unknown> | undefined> {
    if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/') throw errors.unknownOperation();
    const raw = await readBody(req);
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
    if (contentType && !/^application\/(x-amz-json-1\.[01]|json)$/.test(contentType)) {
      throw errors.serialization(`Unsupported content type ${contentType}`);
    }
    const body = parseJson(raw);
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.startsWith('TrentService.') ? target.slice('TrentService.'.length) : '';
    const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
    if (!operation) throw errors.unknownOperation();
    const caller = callerOf(req.headers.authorization, this.options);
    const identity = this.identities.lookup(caller.accessKeyId, partitionOf(caller.region).name);
    if (!identity) throw errors.unrecognizedClient();
    caller.account = identity.account;
    const input = validateInput(operation.input, body);

    this.settle();
    for (const interceptor of this.interceptors) {
      const pending = interceptor({ operation: name, ...caller, input });
      if (pending) await pending;
    }
    const ctx = this.context(caller.region, caller.account, requestId, identity, name, input);
    if (input.GrantTokens !== undefined) assertGrantTokens(input.GrantTokens);
    const iamResource = KEYLESS_RESOURCES[name];
    if (iamResource) authorizeIam(ctx, name, iamResource(ctx));
    let recorded = false;
    let changed = false;
    const output = await operation.run(
      {
        ...ctx,
        markChanged: () => {
          changed = true;
        },
        record: (event) => {
          recorded = true;
          ctx.record(event);
        },
      },
      input,
    );
    const readOnly = operation.readOnly === true || TRAIL_READ_ONLY.test(name);
    if (!recorded && (!readOnly || this.options.recordReadOnlyEvents)) {
      ctx.record({ eventName: name, readOnly, requestParameters: loggable(input), responseElements: null });
    }
    if (!operation.readOnly || changed) this.persist();
    return output;
  }

  /** Replaces the identities (tests and the local stack); undefined: everyone is an account root again. */
  setIdentities(file: KmsEmulatorOptions['identities']): void {
    const resolved = resolveOptions({ ...this.options, identities: file });
    this.identities = new IdentityDirectory(resolved.identities, this.options.account);
  }

  context(
    region: string,
    account: string,
    requestId: string,
    caller?: Identity,
    operation = '',
    input: Record<string, unknown> = {},
  ): OperationContext {
    const partition = partitionOf(region).name;
    // Every event of a request carries the request's start time, so events of transitions the request
    // schedules (due at or after this instant) sort after it.
    const requestTime = this.clock.now();
    return {
      region,
      account,
      partition,
      store: this.store,
      clock: this.clock,
      options: this.options,
      requestId,
      caller: caller ?? this.identities.rootOf(account, partition),
      operation,
      input,
      authorized: new Set(),
      markChanged: () => {},
      random: secureRandom,
      record: (event: RecordedEvent) => this.record(region, account, requestId, requestTime, event),
    };
  }

  /** Events of timed transitions: made by "AWS Internal" at the transition's due time. */
  private recordLifecycle(event: LifecycleEvent): void {
    this.events.add({
      eventTime: new Date(event.time).toISOString(),
      eventName: event.eventName,
      awsRegion: event.region,
      recipientAccountId: event.account,
      requestID: randomUUID(),
      readOnly: false,
      requestParameters: event.requestParameters ?? null,
      responseElements: event.responseElements ?? null,
      resources: event.resources.map((arn) => ({ ARN: arn, type: 'AWS::KMS::Key' })),
      userIdentity: { type: 'AWSService', invokedBy: 'AWS Internal' },
    });
  }

  private record(
    region: string,
    account: string,
    requestId: string,
    time: number,
    event: RecordedEvent,
  ): void {
    this.events.add({
      eventTime: new Date(time).toISOString(),
      eventName: event.eventName,
      awsRegion: event.region ?? region,
      recipientAccountId: account,
      requestID: requestId,
      readOnly: event.readOnly ?? false,
      requestParameters: event.requestParameters ?? null,
      responseElements: event.responseElements ?? null,
      resources: (event.resources ?? []).map((arn) => ({ ARN: arn, type: 'AWS::KMS::Key' })),
      userIdentity: event.invokedBy
        ? { type: 'AWSService', invokedBy: event.invokedBy }
        : { type: event.userIdentity ?? 'IAMUser' },
    });
  }
}

/** Request parameters as CloudTrail logs them: blobs (plaintext, ciphertext) are never logged. */
function loggable(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (Buffer.isBuffer(value)) continue;
    out[name.charAt(0).toLowerCase() + name.slice(1)] = value;
  }
  return out;
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw errors.serialization('The request body is not valid JSON.');
  }
}

function internal(error: unknown): KmsError {
  console.error('KMS emulator: unexpected error', error);
  return errors.internal();
}

function send(res: ServerResponse, status: number, requestId: string, body: string): void {
  res.writeHead(status, {
    'content-type': JSON_TYPE,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}
