// The emulator's state, nested account -> Region -> key, with O(1) lookups by key id and alias so
// DescribeKey does not slow down as keys accumulate. Timed transitions run in order in settle().
import type { Alias, KmsState, RegionalKey, ScheduledEvent, SharedKey } from './types.js';

/** What a timed transition may use besides the store: randomness, options, the event log. */
export interface SettleEnv {
  random(bytes: number): Buffer;
  onDemandRotationLimit?: number;
  /** Records a CloudTrail-shaped event at `time` (the transition's due time, not the wall clock). */
  record(event: LifecycleEvent): void;
}

export interface LifecycleEvent {
  eventName: string;
  account: string;
  region: string;
  time: number;
  resources: string[];
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
}

export type EventHandler = (store: KmsStore, event: ScheduledEvent, env: SettleEnv) => void;

/**
 * Ids of records a request looked up or wrote since the last flush, and schedule changes. Operations
 * mutate records in place after looking them up here, so "looked up" is the safe superset of "changed";
 * persistence compares hashes to keep only real changes. Off (undefined) unless persistence asks.
 */
export interface Touched {
  shared: Set<string>;
  regional: Set<string>;
  aliases: Set<string>;
  scheduleAdded: ScheduledEvent[];
  scheduleRemoved: number[];
  /** Bumped by reset(): persistence then writes a full snapshot. */
  resets: number;
}

const sharedId = (account: string, keyId: string) => `${account}/${keyId}`;
const regionalId = (account: string, region: string, keyId: string) => `${account}/${region}/${keyId}`;
const aliasId = (account: string, region: string, aliasName: string) => `${account}/${region}/${aliasName}`;

export class KmsStore {
  private state: KmsState;
  /** `${account}/${region}` -> key ids, in creation order. */
  private byRegion = new Map<string, Set<string>>();
  /** `${account}/${keyId}` -> member Regions, in creation order. */
  private members = new Map<string, Set<string>>();
  /** `${account}/${region}` -> alias names. */
  private aliasesByRegion = new Map<string, Set<string>>();

  /** Set by persistence; undefined keeps the in-memory path free of bookkeeping. */
  touched: Touched | undefined;

  constructor(state?: KmsState) {
    this.state = state ?? emptyState();
    this.reindex();
  }

  snapshot(): KmsState {
    return this.state;
  }

  /** Replaces the whole state (persistence loading a snapshot). */
  load(state: KmsState): void {
    this.state = state;
    this.reindex();
  }

  reset(): void {
    this.state = emptyState();
    this.reindex();
    if (this.touched) this.touched.resets += 1;
  }

  // --- shared and regional keys ---

  shared(account: string, keyId: string): SharedKey | undefined {
    const id = sharedId(account, keyId);
    this.touched?.shared.add(id);
    return this.state.shared[id];
  }

  putShared(key: SharedKey): void {
    const id = sharedId(key.account, key.keyId);
    this.touched?.shared.add(id);
    this.state.shared[id] = key;
  }

  regional(account: string, region: string, keyId: string): RegionalKey | undefined {
    const id = regionalId(account, region, keyId);
    this.touched?.regional.add(id);
    return this.state.regional[id];
  }

  putRegional(account: string, key: RegionalKey): void {
    const id = regionalId(account, key.region, key.keyId);
    this.touched?.regional.add(id);
    if (!this.state.regional[id]) this.index(account, key.region, key.keyId);
    this.state.regional[id] = key;
  }

  /** Removes one Region's key for good (its deletion window ended); the shared record goes with the last member. */
  removeRegional(account: string, region: string, keyId: string): void {
    for (const alias of this.aliasesOf(account, region, keyId))
      this.removeAlias(account, region, alias.aliasName);
    const id = regionalId(account, region, keyId);
    this.touched?.regional.add(id);
    delete this.state.regional[id];
    this.byRegion.get(`${account}/${region}`)?.delete(keyId);
    const regions = this.members.get(sharedId(account, keyId));
    regions?.delete(region);
    if (regions && regions.size === 0) {
      this.members.delete(sharedId(account, keyId));
      this.touched?.shared.add(sharedId(account, keyId));
      delete this.state.shared[sharedId(account, keyId)];
    }
  }

  /** Every member of a set, the primary's view order: creation order. */
  membersOf(account: string, keyId: string): RegionalKey[] {
    const regions = this.members.get(sharedId(account, keyId)) ?? new Set<string>();
    return [...regions].flatMap((region) => this.regional(account, region, keyId) ?? []);
  }

  keysIn(account: string, region: string): RegionalKey[] {
    const ids = this.byRegion.get(`${account}/${region}`) ?? new Set<string>();
    return [...ids].flatMap((keyId) => this.regional(account, region, keyId) ?? []);
  }

  accounts(): string[] {
    return [...new Set(Object.values(this.state.shared).map((key) => key.account))];
  }

  // --- aliases ---

  alias(account: string, region: string, aliasName: string): Alias | undefined {
    const id = aliasId(account, region, aliasName);
    this.touched?.aliases.add(id);
    return this.state.aliases[id];
  }

  putAlias(account: string, region: string, alias: Alias): void {
    const id = aliasId(account, region, alias.aliasName);
    this.touched?.aliases.add(id);
    this.state.aliases[id] = alias;
    setIn(this.aliasesByRegion, `${account}/${region}`).add(alias.aliasName);
  }

  removeAlias(account: string, region: string, aliasName: string): void {
    const id = aliasId(account, region, aliasName);
    this.touched?.aliases.add(id);
    delete this.state.aliases[id];
    this.aliasesByRegion.get(`${account}/${region}`)?.delete(aliasName);
  }

  aliasesIn(account: string, region: string): Alias[] {
    const names = this.aliasesByRegion.get(`${account}/${region}`) ?? new Set<string>();
    return [...names].sort().flatMap((name) => this.alias(account, region, name) ?? []);
  }

  aliasesOf(account: string, region: string, keyId: string): Alias[] {
    return this.aliasesIn(account, region).filter((alias) => alias.targetKeyId === keyId);
  }

  // --- timed transitions ---

  schedule(event: Omit<ScheduledEvent, 'seq'>): void {
    this.state.seq += 1;
    const scheduled = { ...event, seq: this.state.seq };
    // Binary insertion keeps the schedule ordered by (at, seq) without re-sorting it every time.
    const list = this.state.schedule;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = list[mid] as ScheduledEvent;
      if (other.at < scheduled.at || (other.at === scheduled.at && other.seq < scheduled.seq)) low = mid + 1;
      else high = mid;
    }
    list.splice(low, 0, scheduled);
    this.touched?.scheduleAdded.push(scheduled);
  }

  /** Drops scheduled events matching the filter (e.g. a cancelled deletion). */
  unschedule(match: (event: ScheduledEvent) => boolean): void {
    const kept: ScheduledEvent[] = [];
    for (const event of this.state.schedule) {
      if (!match(event)) kept.push(event);
      else this.touched?.scheduleRemoved.push(event.seq);
    }
    this.state.schedule = kept;
  }

  /** Drops the pending events of one kind for one key (in one Region, or in all when omitted). */
  unscheduleKey(kind: string, account: string, keyId: string, region?: string): void {
    this.unschedule(
      (event) =>
        event.kind === kind &&
        event.account === account &&
        event.keyId === keyId &&
        (region === undefined || event.region === region),
    );
  }

  scheduled(): readonly ScheduledEvent[] {
    return this.state.schedule;
  }

  /**
   * Runs every event due at `now`, oldest first; handlers may schedule more (run too if due).
   * Returns how many ran, so the emulator knows whether state changed.
   */
  settle(now: number, handlers: Readonly<Record<string, EventHandler>>, env: SettleEnv): number {
    let ran = 0;
    for (;;) {
      const next = this.state.schedule[0];
      if (!next || next.at > now) return ran;
      this.state.schedule.shift();
      this.touched?.scheduleRemoved.push(next.seq);
      handlers[next.kind]?.(this, next, env);
      ran += 1;
    }
  }

  private index(account: string, region: string, keyId: string): void {
    setIn(this.byRegion, `${account}/${region}`).add(keyId);
    setIn(this.members, sharedId(account, keyId)).add(region);
  }

  private reindex(): void {
    this.byRegion.clear();
    this.members.clear();
    this.aliasesByRegion.clear();
    const regionals = Object.entries(this.state.regional).sort(
      ([, a], [, b]) => a.creationDate - b.creationDate,
    );
    for (const [id, key] of regionals) this.index(id.slice(0, id.indexOf('/')), key.region, key.keyId);
    for (const [id, alias] of Object.entries(this.state.aliases)) {
      const [account, region] = id.split('/') as [string, string];
      this.putAlias(account, region, alias);
    }
  }
}

function emptyState(): KmsState {
  return { shared: {}, regional: {}, aliases: {}, schedule: [], seq: 0 };
}

function setIn(index: Map<string, Set<string>>, key: string): Set<string> {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  return set;
}
