// The invariant harness: random sequences of API operations against the local stack (a child process),
// with random KMS faults from the emulator and hard crashes (kill -9, then a restart on the same data
// folder); after each sequence the faults are cleared, the stack settles, every key set is reconciled, and
// the invariants of docs/invariants.md are checked by reading KMS through its own API and the table
// through the REST API. Used by test/e2e/invariants (a short run) and `npm run soak` (a long one).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeKeyCommand,
  KMSClient,
  ListKeysCommand,
  type ListKeysCommandOutput,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms';
import * as fc from 'fast-check';
import type { StackProcess } from './stack-process.js';

// biome-ignore lint/suspicious/noExplicitAny: API answers are loose JSON, checked field by field.
type Json = any;

/** The tag the control plane marks every key it creates with (src/core/model/control-plane-tags.ts). */
const CREATED_BY_TAG = 'mrk-control-plane:operation-id';
const TERMINAL = new Set(['Succeeded', 'PartiallySucceeded', 'Failed']);
const FAULT_KINDS = [
  'ThrottlingException',
  'KMSInternalException',
  'DependencyTimeoutException',
  'unavailable',
];
/** Tag keys that have broken things before: names of Object.prototype members among ordinary ones. */
const TAG_KEYS = ['team', 'env', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'cost-centre'];

export interface HarnessStats {
  sequences: number;
  /** Requests that asked for a change (create, update, replicate, promote, rotate, delete, ...). */
  operations: number;
  faults: number;
  crashes: number;
  orphans: number;
  duplicates: number;
  /** Answers >= 500 that no injected fault explains (a 503 naming a dependency while KMS faults are on is expected). */
  serverErrors: number;
  /** Operations still Pending/Running after the stack settled, or deletions nothing can finish. */
  stuck: number;
  /** Recorded members that differ from KMS after reconcile, and audit chains that do not verify. */
  mismatches: number;
  /** One line per violation, for the report. */
  problems: string[];
}

export function emptyStats(): HarnessStats {
  return {
    sequences: 0,
    operations: 0,
    faults: 0,
    crashes: 0,
    orphans: 0,
    duplicates: 0,
    serverErrors: 0,
    stuck: 0,
    mismatches: 0,
    problems: [],
  };
}

export function violations(stats: HarnessStats): number {
  return stats.orphans + stats.duplicates + stats.serverErrors + stats.stuck + stats.mismatches;
}

interface CreateRecord {
  readonly idempotencyKey: string;
  readonly body: Json;
  keyId?: string;
  /** Answered with a dependency error or cut off by a crash: the client retries it with the same key. */
  unanswered: boolean;
}

/** What the commands know: the key sets created so far and every create request made. */
interface Model {
  keys: string[];
  creates: CreateRecord[];
}

/** The system under test: the stack process, clients rebuilt after every restart, and the tally. */
export class StackUnderTest {
  readonly stats: HarnessStats;
  #faultsOn = false;

  constructor(
    readonly stack: StackProcess,
    readonly regions: readonly string[],
    stats: HarnessStats,
  ) {
    this.stats = stats;
  }

  async api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const { api, token } = this.stack.endpoints;
    const response = await fetch(`${api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let json: Json;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = { unparsable: text.slice(0, 200) };
    }
    if (response.status >= 500) {
      const explained = response.status === 503 && this.#faultsOn && json?.error === 'DependencyError';
      if (!explained) {
        this.stats.serverErrors++;
        this.stats.problems.push(`${response.status} from ${method} ${path}: ${text.slice(0, 300)}`);
      }
    }
    return { status: response.status, body: json };
  }

  async emulator(method: string, path: string, body?: unknown): Promise<void> {
    const response = await fetch(`${this.stack.endpoints.kms}/_emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!response.ok)
      throw new Error(`emulator ${method} ${path}: ${response.status} ${await response.text()}`);
  }

  async injectFault(region: string, error: string, count: number): Promise<void> {
    await this.emulator('POST', 'faults', { region, error, count });
    this.#faultsOn = true;
    this.stats.faults++;
  }

  async clearFaults(): Promise<void> {
    await this.emulator('DELETE', 'faults');
    this.#faultsOn = false;
  }

  async crash(): Promise<void> {
    this.stats.crashes++;
    await this.stack.crashAndRestart();
    // The emulator's faults are not kept across a restart.
    this.#faultsOn = false;
  }

  kms(region: string): KMSClient {
    return new KMSClient({
      region,
      endpoint: this.stack.endpoints.kms,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 5,
    });
  }
}

/** Sends a create; with `crashAfterMs`, kills the stack that long after sending, restarts it, retries. */
async function create(real: StackUnderTest, model: Model, body: Json, crashAfterMs: number | null) {
  const record: CreateRecord = { idempotencyKey: randomUUID(), body, unanswered: true };
  model.creates.push(record);
  real.stats.operations++;
  const send = () => real.api('POST', '/keys', body, { 'idempotency-key': record.idempotencyKey });
  if (crashAfterMs === null) {
    const answer = await send().catch(() => undefined);
    noteCreate(model, record, answer);
    return;
  }
  const inFlight = send().catch(() => undefined);
  await sleep(crashAfterMs);
  await real.crash();
  await inFlight;
  await retryCreate(real, model, record);
}

function noteCreate(model: Model, record: CreateRecord, answer: { status: number; body: Json } | undefined) {
  if (answer === undefined || answer.status >= 500 || answer.status === 409) return;
  record.unanswered = false;
  const keyId = answer.body?.key?.keyId;
  if (answer.status === 202 && typeof keyId === 'string') {
    record.keyId = keyId;
    if (!model.keys.includes(keyId)) model.keys.push(keyId);
  }
}

/** The client's retry: the same request and Idempotency-Key until it is answered (409: still in progress). */
async function retryCreate(real: StackUnderTest, model: Model, record: CreateRecord): Promise<void> {
  for (let attempt = 0; attempt < 40 && record.unanswered; attempt++) {
    const answer = await real
      .api('POST', '/keys', record.body, { 'idempotency-key': record.idempotencyKey })
      .catch(() => undefined);
    noteCreate(model, record, answer);
    if (record.unanswered) await sleep(250);
  }
}

type Cmd = fc.AsyncCommand<Model, StackUnderTest>;

function keyOf(model: Model, pick: number): string {
  return model.keys[pick % model.keys.length]!;
}

class CreateKey implements Cmd {
  constructor(
    readonly primary: number,
    readonly replicas: number[],
    readonly tags: Record<string, string>,
    readonly crashAfterMs: number | null,
  ) {}
  check = () => true;
  async run(model: Model, real: StackUnderTest) {
    const primaryRegion = real.regions[this.primary % real.regions.length]!;
    const replicaRegions = [
      ...new Set(this.replicas.map((index) => real.regions[index % real.regions.length]!)),
    ].filter((region) => region !== primaryRegion);
    const body = { tenant: 'harness', primaryRegion, replicaRegions, tags: this.tags, aliases: [] };
    await create(real, model, body, this.crashAfterMs);
  }
  toString = () =>
    `CreateKey(${this.primary}, [${this.replicas}], ${JSON.stringify(this.tags)}, crash ${this.crashAfterMs})`;
}

/** A change to one key set through the API; 4xx answers (conflicts, wrong state) are part of the game. */
class Mutate implements Cmd {
  constructor(
    readonly kind: 'tag' | 'replicate' | 'promote' | 'rotate' | 'delete' | 'cancel' | 'reconcile' | 'disable',
    readonly pick: number,
    readonly n: number,
  ) {}
  check = (model: Readonly<Model>) => model.keys.length > 0;
  async run(model: Model, real: StackUnderTest) {
    const keyId = keyOf(model, this.pick);
    const region = real.regions[this.n % real.regions.length]!;
    real.stats.operations++;
    switch (this.kind) {
      case 'tag':
        await real.api('PATCH', `/keys/${keyId}`, { tags: { team: 'harness', round: String(this.n) } });
        return;
      case 'disable':
        await real.api('PATCH', `/keys/${keyId}`, { enabled: this.n % 2 === 0 });
        return;
      case 'replicate':
        await real.api('POST', `/keys/${keyId}/replicas`, { regions: [region] });
        return;
      case 'promote':
        await real.api('POST', `/keys/${keyId}/primary`, { region });
        return;
      case 'rotate':
        await real.api('POST', `/keys/${keyId}/rotations`);
        return;
      case 'delete':
        await real.api(
          'DELETE',
          `/keys/${keyId}?pendingWindowInDays=7${this.n % 2 === 0 ? '&disableFirst=true&soakMinutes=1' : ''}`,
        );
        return;
      case 'cancel':
        await real.api('POST', `/keys/${keyId}/cancel-deletion`, {});
        return;
      case 'reconcile':
        await real.api('POST', `/keys/${keyId}/reconcile`, {});
        return;
    }
  }
  toString = () => `${this.kind}(key ${this.pick}, ${this.n})`;
}

class InjectFault implements Cmd {
  constructor(
    readonly region: number,
    readonly kind: number,
    readonly count: number,
  ) {}
  check = () => true;
  async run(_model: Model, real: StackUnderTest) {
    const region = real.regions[this.region % real.regions.length]!;
    await real.injectFault(region, FAULT_KINDS[this.kind % FAULT_KINDS.length]!, this.count);
  }
  toString = () => `fault(${this.region}, ${FAULT_KINDS[this.kind % FAULT_KINDS.length]}, ${this.count})`;
}

class ClearFaults implements Cmd {
  check = () => true;
  async run(_model: Model, real: StackUnderTest) {
    await real.clearFaults();
  }
  toString = () => 'clearFaults';
}

/** kill -9 while whatever was started before is still running, then a restart on the same data folder. */
class Crash implements Cmd {
  constructor(readonly afterMs: number) {}
  check = () => true;
  async run(_model: Model, real: StackUnderTest) {
    await sleep(this.afterMs);
    await real.crash();
  }
  toString = () => `crash(after ${this.afterMs} ms)`;
}

const tagsArbitrary = fc.dictionary(fc.constantFrom(...TAG_KEYS), fc.constantFrom('x', 'prod', ''), {
  maxKeys: 3,
});

export function commandsArbitrary(options: { readonly maxCommands: number; readonly crashes: boolean }) {
  const mutate = fc
    .tuple(
      fc.constantFrom(
        'tag',
        'replicate',
        'promote',
        'rotate',
        'delete',
        'cancel',
        'reconcile',
        'disable',
      ) as fc.Arbitrary<Mutate['kind']>,
      fc.nat(),
      fc.nat(8),
    )
    .map(([kind, pick, n]) => new Mutate(kind, pick, n));
  // fc.commands picks uniformly among these: changes to key sets are most of a sequence.
  const commands: fc.Arbitrary<Cmd>[] = [
    mutate,
    mutate,
    mutate,
    mutate,
    fc
      .record({
        primary: fc.nat(8),
        replicas: fc.array(fc.nat(8), { maxLength: 2 }),
        tags: tagsArbitrary,
        // One create in five is cut off by a kill -9 somewhere between its request and its answer.
        crash: options.crashes
          ? fc.oneof(
              { weight: 4, arbitrary: fc.constant(null) },
              { weight: 1, arbitrary: fc.integer({ min: 0, max: 400 }) },
            )
          : fc.constant(null),
      })
      .map(({ primary, replicas, tags, crash }) => new CreateKey(primary, replicas, tags, crash)),
    fc
      .tuple(fc.nat(8), fc.nat(8), fc.integer({ min: 1, max: 6 }))
      .map(([region, kind, count]) => new InjectFault(region, kind, count)),
    fc.constant(new ClearFaults()),
  ];
  if (options.crashes) commands.push(fc.integer({ min: 0, max: 600 }).map((ms) => new Crash(ms)));
  return fc.commands(commands, { maxCommands: options.maxCommands, size: 'max' });
}

/** Runs one sequence, then settles the stack and checks every invariant; the stats say what was found. */
export async function runSequence(real: StackUnderTest, commands: Iterable<Cmd>): Promise<void> {
  // Earlier sequences' key sets stay in play: changes, crashes and faults meet sets of every age.
  const model: Model = { keys: await allKeyIds(real), creates: [] };
  await fc.asyncModelRun(() => ({ model, real }), commands);
  await settleAndCheck(real, model);
  real.stats.sequences++;
}

async function settleAndCheck(real: StackUnderTest, model: Model): Promise<void> {
  await real.clearFaults();
  // The client retries what was never answered (a crash, a dependency error) with the same key.
  for (const record of model.creates) if (record.unanswered) await retryCreate(real, model, record);
  const keyIds = await allKeyIds(real);
  await waitForQuiet(real, keyIds, 'after the sequence');
  // The one documented action that finishes interrupted work: reconcile every set still in play (a
  // PendingDeletion set answers 409 unless a cancel-deletion was cut off). A second round finishes what
  // the first one uncovered (e.g. a cancelled deletion, then the sync of the set it gave back).
  let stuck: string[] = [];
  for (let round = 0; round < 2; round++) {
    for (const keyId of keyIds) {
      const key = (await real.api('GET', `/keys/${keyId}`)).body;
      if (key?.status !== 'Deleted') await real.api('POST', `/keys/${keyId}/reconcile`, {});
    }
    stuck = await waitForQuiet(real, keyIds, `after reconcile round ${round + 1}`);
  }
  await checkInvariants(real, model, keyIds, stuck);
}

async function allKeyIds(real: StackUnderTest): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const query = nextToken === undefined ? '' : `&nextToken=${encodeURIComponent(nextToken)}`;
    const page = (await real.api('GET', `/keys?limit=100${query}`)).body;
    for (const item of page?.items ?? []) ids.push(item.keyId);
    nextToken = page?.nextToken;
  } while (nextToken !== undefined);
  return ids;
}

/** Waits until no operation of these key sets is Pending or Running; returns those that stay so. */
async function waitForQuiet(
  real: StackUnderTest,
  keyIds: readonly string[],
  when: string,
): Promise<string[]> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const open: string[] = [];
    for (const keyId of keyIds) {
      const page = (await real.api('GET', `/keys/${keyId}/operations?limit=100`)).body;
      for (const operation of page?.items ?? []) {
        if (!TERMINAL.has(operation.status))
          open.push(`${operation.operationId} (${operation.type}, ${operation.status}) ${when}`);
      }
    }
    if (open.length === 0 || Date.now() > deadline) return open;
    await sleep(200);
  }
}

interface KmsMember {
  readonly region: string;
  readonly keyState: string;
  readonly createdBy?: string | undefined;
}

/** Every multi-Region key KMS holds, per key id, read with the real SDK from every Region. */
async function kmsMembers(real: StackUnderTest): Promise<Map<string, KmsMember[]>> {
  const byKey = new Map<string, KmsMember[]>();
  for (const region of real.regions) {
    const client = real.kms(region);
    try {
      let marker: string | undefined;
      do {
        const page: ListKeysCommandOutput = await client.send(new ListKeysCommand({ Marker: marker }));
        for (const { KeyId } of page.Keys ?? []) {
          if (KeyId === undefined || !KeyId.startsWith('mrk-')) continue;
          const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId }));
          const tags = await client.send(new ListResourceTagsCommand({ KeyId }));
          const createdBy = tags.Tags?.find((tag) => tag.TagKey === CREATED_BY_TAG)?.TagValue;
          const members = byKey.get(KeyId) ?? [];
          members.push({ region, keyState: KeyMetadata?.KeyState ?? 'Unknown', createdBy });
          byKey.set(KeyId, members);
        }
        marker = page.NextMarker;
      } while (marker !== undefined);
    } finally {
      client.destroy();
    }
  }
  return byKey;
}

const GOING = new Set(['PendingDeletion', 'PendingReplicaDeletion']);

async function checkInvariants(
  real: StackUnderTest,
  model: Model,
  keyIds: readonly string[],
  stuck: readonly string[],
): Promise<void> {
  const { stats } = real;
  for (const line of stuck) {
    stats.stuck++;
    stats.problems.push(`stuck: ${line}`);
  }
  const inKms = await kmsMembers(real);
  const managed = new Set(keyIds);
  // No orphan: every key KMS holds (even one pending deletion) is a key set the table knows.
  for (const keyId of inKms.keys()) {
    if (!managed.has(keyId)) {
      stats.orphans++;
      stats.problems.push(
        `orphan: ${keyId} is in KMS (${inKms.get(keyId)!.map((m) => m.region)}) but no key set`,
      );
    }
  }
  // No duplicate: one primary key per creating operation, one key set per create request.
  const byOperation = new Map<string, Set<string>>();
  for (const [keyId, members] of inKms) {
    for (const member of members) {
      if (member.createdBy === undefined) continue;
      const keys = byOperation.get(member.createdBy) ?? new Set();
      keys.add(keyId);
      byOperation.set(member.createdBy, keys);
    }
  }
  for (const [operationId, keys] of byOperation) {
    if (keys.size > 1) {
      stats.duplicates++;
      stats.problems.push(`duplicate: operation ${operationId} created ${[...keys].join(', ')}`);
    }
  }
  for (const record of model.creates) {
    if (record.unanswered) {
      stats.stuck++;
      stats.problems.push(`create ${record.idempotencyKey} was never answered after retries`);
    }
  }
  // Recorded members equal KMS members; every deletion has reached KMS.
  for (const keyId of keyIds) {
    const key = (await real.api('GET', `/keys/${keyId}`)).body;
    const live = (inKms.get(keyId) ?? []).filter((member) => !GOING.has(member.keyState));
    const liveRegions = live.map((member) => member.region).sort();
    if (key?.status === 'Active') {
      const desired = [...(key.desired?.regions ?? [])].sort();
      const recorded = Object.keys(key.regions ?? {}).sort();
      if (String(desired) !== String(liveRegions) || String(recorded) !== String(liveRegions)) {
        stats.mismatches++;
        const states = (inKms.get(keyId) ?? []).map((member) => `${member.region} ${member.keyState}`);
        const operations = (await real.api('GET', `/keys/${keyId}/operations?limit=6`)).body?.items ?? [];
        stats.problems.push(
          `members of ${keyId}: desired [${desired}], recorded [${recorded}], KMS [${states.join(', ')}]; ` +
            `latest operations: ${operations.map((op: Json) => `${op.type} ${op.status}${op.error ? ` (${op.error.code}: ${op.error.message})` : ''}`).join('; ')}`,
        );
      }
    } else if (liveRegions.length > 0) {
      stats.mismatches++;
      stats.problems.push(`${keyId} is ${key?.status} but KMS still has live members in [${liveRegions}]`);
    }
  }
  // Every key's audit chains verify (and reach the heads the signed digests recorded).
  for (const keyId of keyIds) {
    const audit = (await real.api('GET', `/keys/${keyId}/audit?verify=true&limit=1`)).body;
    const verification = audit?.verification;
    if (verification === undefined || verification.valid !== true) {
      stats.mismatches++;
      stats.problems.push(`audit of ${keyId}: ${JSON.stringify(verification ?? audit).slice(0, 500)}`);
    }
  }
}
