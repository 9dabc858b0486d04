// --data-dir: the emulator's state survives restarts, kill -9 included. Every mutating request appends
// one JSON line of changed records to the journal synchronously, before the answer is sent; a snapshot
// (temp file + rename) compacts the journal on start, on close and every N entries. Key material is
// sealed under DIR/root.key. The in-memory path pays nothing: tracking is switched on only here.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ClockState } from '../clock.js';
import type { KmsEmulator } from '../emulator.js';
import type { TrailEvent } from '../events.js';
import type { Alias, KmsState, RegionalKey, ScheduledEvent } from '../model/types.js';
import { readJournal, writeAtomically } from './files.js';
import { type DataDirLock, lockDataDir } from './lock.js';
import {
  decodeShared,
  decodeState,
  encodeShared,
  encodeState,
  type StoredShared,
  type StoredState,
} from './records.js';
import { deriveKey, loadRootKey } from './root-key.js';

const FORMAT = 1;
/** Events kept per Region in a snapshot; the journal keeps every event until the next snapshot. */
const SNAPSHOT_EVENTS_PER_REGION = 10_000;

interface Snapshot {
  format: number;
  generation: number;
  clock: ClockState;
  state: StoredState;
  events: TrailEvent[];
}

/** One journal line: records set (or deleted: null) by one request, schedule changes, new events. */
interface Entry {
  clock: ClockState;
  seq: number;
  s?: Record<string, StoredShared | null>;
  r?: Record<string, RegionalKey | null>;
  a?: Record<string, Alias | null>;
  add?: ScheduledEvent[];
  remove?: number[];
  ev?: TrailEvent[];
}

export class Persistence {
  readonly rootKey: Buffer;
  private readonly lock: DataDirLock;
  private emulator: KmsEmulator | undefined;
  private generation = 0;
  private journal: number | undefined;
  private entries = 0;
  private resets = 0;
  private clockOffset = 0;
  /** Hash of each record as last written, so a lookup that changed nothing writes nothing. */
  private hashes = new Map<string, string>();

  constructor(
    readonly dir: string,
    private readonly snapshotEvery = 1000,
    private readonly warn: (message: string) => void = (message) => console.warn(`KMS emulator: ${message}`),
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.lock = lockDataDir(dir);
    try {
      if (existsSync(join(dir, 'snapshot.json')) && !existsSync(join(dir, 'root.key'))) {
        throw new Error(
          `${join(dir, 'root.key')} is missing: the saved key material cannot be opened without it.`,
        );
      }
      this.rootKey = loadRootKey(dir);
    } catch (error) {
      this.lock.release();
      throw error;
    }
  }

  /** The key that seals import tokens, so tokens issued before a restart still open after it. */
  importTokenKey(): Buffer {
    return deriveKey(this.rootKey, 'import-token');
  }

  /** Loads the saved state into the emulator, compacts it into a fresh snapshot, then tracks changes. */
  attach(emulator: KmsEmulator): void {
    this.emulator = emulator;
    const loaded = this.load();
    if (loaded) {
      emulator.store.load(loaded.state);
      emulator.clock.restore(loaded.clock);
      emulator.events.load(loaded.events);
    }
    emulator.store.touched = {
      shared: new Set(),
      regional: new Set(),
      aliases: new Set(),
      scheduleAdded: [],
      scheduleRemoved: [],
      resets: 0,
    };
    emulator.events.unsaved = [];
    this.writeSnapshot();
    emulator.afterMutation.push(() => this.flush());
  }

  /** Writes what changed since the last flush as one journal line (synchronously). */
  flush(): void {
    const emulator = this.attached();
    const touched = emulator.store.touched;
    if (!touched) return;
    if (touched.resets !== this.resets) {
      this.resets = touched.resets;
      this.hashes.clear();
      this.writeSnapshot();
      return;
    }
    const state = emulator.store.snapshot();
    const entry: Entry = { clock: emulator.clock.state(), seq: state.seq };
    const s = this.changed(touched.shared, state.shared, (id, record) =>
      encodeShared(this.rootKey, id, record),
    );
    const r = this.changed(touched.regional, state.regional, (_id, record) => record);
    const a = this.changed(touched.aliases, state.aliases, (_id, record) => record);
    if (s) entry.s = s;
    if (r) entry.r = r;
    if (a) entry.a = a;
    if (touched.scheduleAdded.length > 0) entry.add = touched.scheduleAdded.splice(0);
    if (touched.scheduleRemoved.length > 0) entry.remove = touched.scheduleRemoved.splice(0);
    const events = emulator.events.takeUnsaved();
    if (events.length > 0) entry.ev = events;
    const offset = entry.clock.virtualMs - entry.clock.realMs;
    const clockMoved = Math.abs(offset - this.clockOffset) > 1;
    if (!s && !r && !a && !entry.add && !entry.remove && !entry.ev && !clockMoved) return;
    this.clockOffset = offset;
    writeSync(this.journal as number, `${JSON.stringify(entry)}\n`);
    this.entries += 1;
    if (this.entries >= this.snapshotEvery) this.writeSnapshot();
  }

  /** Final snapshot and release of the directory (server close). */
  close(): void {
    if (this.emulator && this.journal !== undefined) {
      this.flush();
      this.writeSnapshot();
      closeSync(this.journal);
      this.journal = undefined;
    }
    this.lock.release();
  }

  private changed<T>(
    ids: Set<string>,
    records: Record<string, T>,
    encode: (id: string, record: T) => unknown,
  ): Record<string, never> | undefined {
    let out: Record<string, unknown> | undefined;
    for (const id of ids) {
      const record = records[id];
      const json = record === undefined ? 'null' : JSON.stringify(record);
      const hash = createHash('sha1').update(json).digest('base64');
      if (this.hashes.get(id) === hash) continue;
      this.hashes.set(id, hash);
      out ??= {};
      out[id] = record === undefined ? null : encode(id, record);
    }
    ids.clear();
    return out as Record<string, never> | undefined;
  }

  private writeSnapshot(): void {
    const emulator = this.attached();
    const generation = this.generation + 1;
    const snapshot: Snapshot = {
      format: FORMAT,
      generation,
      clock: emulator.clock.state(),
      state: encodeState(this.rootKey, emulator.store.snapshot()),
      events: emulator.events.recent(SNAPSHOT_EVENTS_PER_REGION),
    };
    writeAtomically(join(this.dir, 'snapshot.json'), JSON.stringify(snapshot));
    // From here the new snapshot is the truth; the old journal is folded into it.
    if (this.journal !== undefined) closeSync(this.journal);
    this.journal = openSync(journalPath(this.dir, generation), 'a', 0o600);
    this.generation = generation;
    this.entries = 0;
    this.clockOffset = snapshot.clock.virtualMs - snapshot.clock.realMs;
    const touched = emulator.store.touched;
    if (touched) {
      touched.scheduleAdded.length = 0;
      touched.scheduleRemoved.length = 0;
    }
    emulator.events.takeUnsaved();
    this.removeStaleJournals();
  }

  private load(): { state: KmsState; clock: ClockState; events: TrailEvent[] } | undefined {
    const path = join(this.dir, 'snapshot.json');
    if (!existsSync(path)) return undefined;
    let snapshot: Snapshot;
    try {
      snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
    } catch (error) {
      throw new Error(`${path} is not readable JSON (${(error as Error).message}); refusing to start on it.`);
    }
    if (snapshot.format !== FORMAT)
      throw new Error(`${path} has format ${snapshot.format}; expected ${FORMAT}.`);
    const state = decodeState(this.rootKey, snapshot.state);
    let clock = snapshot.clock;
    const events = snapshot.events;
    for (const entry of readJournal<Entry>(journalPath(this.dir, snapshot.generation), this.warn)) {
      this.apply(state, entry);
      clock = entry.clock;
      if (entry.ev) events.push(...entry.ev);
    }
    state.schedule.sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.generation = snapshot.generation;
    return { state, clock, events };
  }

  private apply(state: KmsState, entry: Entry): void {
    for (const [id, record] of Object.entries(entry.s ?? {})) {
      if (record === null) delete state.shared[id];
      else state.shared[id] = decodeShared(this.rootKey, id, record);
    }
    for (const [id, record] of Object.entries(entry.r ?? {})) {
      if (record === null) delete state.regional[id];
      else state.regional[id] = record;
    }
    for (const [id, record] of Object.entries(entry.a ?? {})) {
      if (record === null) delete state.aliases[id];
      else state.aliases[id] = record;
    }
    // Upsert and delete by seq, so replaying an entry twice changes nothing.
    const removed = new Set(entry.remove ?? []);
    const added = new Map((entry.add ?? []).map((event) => [event.seq, event]));
    state.schedule = [...state.schedule.filter((event) => !added.has(event.seq)), ...added.values()].filter(
      (event) => !removed.has(event.seq),
    );
    state.seq = Math.max(state.seq, entry.seq);
  }

  private removeStaleJournals(): void {
    const current = `journal-${this.generation}.log`;
    for (const name of readdirSync(this.dir)) {
      if (/^journal-\d+\.log$/.test(name) && name !== current) rmSync(join(this.dir, name), { force: true });
    }
  }

  private attached(): KmsEmulator {
    if (!this.emulator) throw new Error('Persistence is not attached to an emulator.');
    return this.emulator;
  }
}

function journalPath(dir: string, generation: number): string {
  return join(dir, `journal-${generation}.log`);
}
