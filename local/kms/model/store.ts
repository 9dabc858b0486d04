// The emulator's state, nested account -> Region -> key, with O(1) lookups by key id and alias so
// DescribeKey does not slow down as keys accumulate. Timed transitions run in order in settle().
import type { Alias, KmsState, RegionalKey, ScheduledEvent, SharedKey } from './types.js';

export type EventHandler = (store: KmsStore, event: ScheduledEvent) => void;

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

  constructor(state?: KmsState) {
    this.state = state ?? { shared: {}, regional: {}, aliases: {}, schedule: [], seq: 0 };
    this.reindex();
  }

  snapshot(): KmsState {
    return this.state;
  }

  reset(): void {
    this.state = { shared: {}, regional: {}, aliases: {}, schedule: [], seq: 0 };
    this.reindex();
  }

  // --- shared and regional keys ---

  shared(account: string, keyId: string): SharedKey | undefined {
    return this.state.shared[sharedId(account, keyId)];
  }

  putShared(key: SharedKey): void {
    this.state.shared[sharedId(key.account, key.keyId)] = key;
  }

  regional(account: string, region: string, keyId: string): RegionalKey | undefined {
    return this.state.regional[regionalId(account, region, keyId)];
  }

  putRegional(account: string, key: RegionalKey): void {
    const id = regionalId(account, key.region, key.keyId);
    if (!this.state.regional[id]) this.index(account, key.region, key.keyId);
    this.state.regional[id] = key;
  }

  /** Removes one Region's key for good (its deletion window ended); the shared record goes with the last member. */
  removeRegional(account: string, region: string, keyId: string): void {
    delete this.state.regional[regionalId(account, region, keyId)];
    this.byRegion.get(`${account}/${region}`)?.delete(keyId);
    const regions = this.members.get(sharedId(account, keyId));
    regions?.delete(region);
    if (regions && regions.size === 0) {
      this.members.delete(sharedId(account, keyId));
      delete this.state.shared[sharedId(account, keyId)];
    }
    for (const alias of this.aliasesOf(account, region, keyId))
      this.removeAlias(account, region, alias.aliasName);
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
    return this.state.aliases[aliasId(account, region, aliasName)];
  }

  putAlias(account: string, region: string, alias: Alias): void {
    this.state.aliases[aliasId(account, region, alias.aliasName)] = alias;
    setIn(this.aliasesByRegion, `${account}/${region}`).add(alias.aliasName);
  }

  removeAlias(account: string, region: string, aliasName: string): void {
    delete this.state.aliases[aliasId(account, region, aliasName)];
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
    this.state.schedule.push({ ...event, seq: this.state.seq });
    this.state.schedule.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** Drops scheduled events matching the filter (e.g. a cancelled deletion). */
  unschedule(match: (event: ScheduledEvent) => boolean): void {
    this.state.schedule = this.state.schedule.filter((event) => !match(event));
  }

  scheduled(): readonly ScheduledEvent[] {
    return this.state.schedule;
  }

  /** Runs every event due at `now`, oldest first; handlers may schedule more (run too if due). */
  settle(now: number, handlers: Readonly<Record<string, EventHandler>>): void {
    for (;;) {
      const next = this.state.schedule[0];
      if (!next || next.at > now) return;
      this.state.schedule.shift();
      handlers[next.kind]?.(this, next);
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

function setIn(index: Map<string, Set<string>>, key: string): Set<string> {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  return set;
}
