// Fault injection per Region and operation (admin API POST/GET/DELETE /_emulator/faults): errors at a
// rate or for a number of calls, added latency, or a whole-Region outage. Runs as an emulator interceptor,
// after validation and before the operation, so a failed call changes nothing.
import { setTimeout as sleep } from 'node:timers/promises';
import type { InterceptedCall } from './emulator.js';
import { errors, KmsError } from './protocol/errors.js';

export const FAULT_ERRORS = [
  'ThrottlingException',
  'KMSInternalException',
  'DependencyTimeoutException',
  'unavailable',
] as const;
export type FaultError = (typeof FAULT_ERRORS)[number];

export interface Fault {
  id: string;
  region?: string;
  operations?: string[];
  error?: FaultError;
  rate?: number;
  /** Calls left to fault when created with `count`. */
  remaining?: number;
  latencyMs?: number;
  /** Calls this fault has hit so far. */
  hits: number;
}

const FIELDS = new Set(['region', 'operations', 'error', 'rate', 'count', 'latencyMs']);
const REGION = /^([a-z]+-){2,3}\d+$/;
const MAX_LATENCY_MS = 600_000;

export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;
  /** How latency is waited out; replaceable so tests observe it without sleeping. */
  sleep: (ms: number) => Promise<unknown> = (ms) => sleep(ms);

  constructor(
    private readonly knownOperation: (name: string) => boolean,
    private readonly random: () => number = Math.random,
  ) {}

  /** Validates a POST body and adds the fault; throws an Error whose message says what is wrong. */
  add(body: unknown): Fault {
    const spec = parseFault(body, this.knownOperation);
    const fault: Fault = { id: `fault-${this.nextId++}`, ...spec, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** Removes one fault by id, or all; returns how many went. */
  clear(id?: string): number {
    const before = this.faults.length;
    this.faults = id === undefined ? [] : this.faults.filter((fault) => fault.id !== id);
    return before - this.faults.length;
  }

  /** Synchronous (no await, no extra tick) while no fault is configured. */
  readonly intercept = (call: InterceptedCall): Promise<void> | undefined =>
    this.faults.length === 0 ? undefined : this.apply(call);

  private async apply(call: InterceptedCall): Promise<void> {
    for (const fault of this.faults) {
      if (fault.region !== undefined && fault.region !== call.region) continue;
      if (fault.operations && !fault.operations.includes(call.operation)) continue;
      if (fault.remaining !== undefined) {
        if (fault.remaining <= 0) continue;
        fault.remaining -= 1;
      } else if (fault.rate !== undefined && this.random() >= fault.rate) continue;
      fault.hits += 1;
      if (fault.latencyMs) await this.sleep(fault.latencyMs);
      if (fault.error) throw faultError(fault.error, call.region);
    }
  }
}

/**
 * The error a fault raises. `unavailable` is a whole-Region outage, emulated as HTTP 503 with a JSON
 * body (`ServiceUnavailableException`): SDKs treat it as a retryable server fault, as they would a
 * failing endpoint. (Chosen over resetting the socket, which Node's fetch and the SDK report less uniformly.)
 */
function faultError(error: FaultError, region: string): KmsError {
  switch (error) {
    case 'ThrottlingException':
      return errors.throttling();
    case 'KMSInternalException':
      return errors.internal();
    case 'DependencyTimeoutException':
      return errors.dependencyTimeout();
    case 'unavailable':
      return new KmsError(
        'ServiceUnavailableException',
        `KMS is unavailable in ${region} (emulated outage).`,
        503,
      );
  }
}

function parseFault(body: unknown, knownOperation: (name: string) => boolean): Omit<Fault, 'id' | 'hits'> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error(
      'Body must be a JSON object: {region?, operations?, error?, rate? | count?, latencyMs?}.',
    );
  }
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).filter((name) => !FIELDS.has(name));
  if (unknown.length > 0) throw new Error(`Unknown field(s): ${unknown.join(', ')}.`);
  const { region, operations, error, rate, count, latencyMs } = input;
  if (region !== undefined && (typeof region !== 'string' || !REGION.test(region))) {
    throw new Error('region must be a Region name such as us-east-1.');
  }
  if (operations !== undefined) {
    if (
      !Array.isArray(operations) ||
      operations.length === 0 ||
      operations.some((op) => typeof op !== 'string')
    ) {
      throw new Error('operations must be a non-empty list of KMS operation names.');
    }
    const unknownOps = (operations as string[]).filter((op) => !knownOperation(op));
    if (unknownOps.length > 0) throw new Error(`Unknown operation(s): ${unknownOps.join(', ')}.`);
  }
  if (error !== undefined && !FAULT_ERRORS.includes(error as FaultError)) {
    throw new Error(`error must be one of ${FAULT_ERRORS.join(', ')}.`);
  }
  if (rate !== undefined && (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))) {
    throw new Error('rate must be a number from 0 to 1.');
  }
  if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 1)) {
    throw new Error('count must be a positive integer.');
  }
  if (rate !== undefined && count !== undefined) throw new Error('Give rate or count, not both.');
  if (
    latencyMs !== undefined &&
    (typeof latencyMs !== 'number' || !(latencyMs >= 0 && latencyMs <= MAX_LATENCY_MS))
  ) {
    throw new Error(`latencyMs must be a number from 0 to ${MAX_LATENCY_MS}.`);
  }
  if (error === undefined && !latencyMs) throw new Error('Give an error, a latencyMs, or both.');
  return {
    ...(region !== undefined && { region: region as string }),
    ...(operations !== undefined && { operations: operations as string[] }),
    ...(error !== undefined && { error: error as FaultError }),
    ...(rate !== undefined && { rate: rate as number }),
    ...(count !== undefined && { remaining: count as number }),
    ...(latencyMs !== undefined && { latencyMs: latencyMs as number }),
  };
}
