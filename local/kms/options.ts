// Emulator options: what the CLI flags and the local stack set. Every knob the spec asks for
// (transient-state durations, rotation limit, clock scale, quotas, persistence) lives here with its default.
import { randomBytes } from 'node:crypto';
import { type IdentitiesFile, loadIdentities } from './model/identity.js';

export interface KmsEmulatorOptions {
  /** Account used when the access key id is not a 12-digit account id. */
  account?: string;
  /** How long a new replica stays `Creating` (ms of emulator time). Default 2000. */
  creatingMs?: number;
  /** How long UpdatePrimaryRegion keeps both keys `Updating` (ms). Default 2000. */
  updatingMs?: number;
  /** Virtual-clock speed: 1 is real time, 86400 runs a day per second. Default 1. */
  timeScale?: number;
  /** On-demand rotations allowed per key (AWS documents 10, newer text 25). Default 10. */
  onDemandRotationLimit?: number;
  /** Region used when a request carries no SigV4 credential scope. Default us-east-1. */
  defaultRegion?: string;
  /** Persist state here (journal + snapshot, material encrypted under DIR/root.key); undefined keeps it in memory. */
  dataDir?: string;
  /** Enforce KMS request quotas from the start. Default false. */
  quotas?: boolean;
  /** Multiplier applied to every quota when enforced (0.1 = a tenth of AWS's rates). Default 1. */
  quotaScale?: number;
  /** Also log read-only calls (DescribeKey, Encrypt, ...) in the event log, as CloudTrail does. Default false. */
  recordReadOnlyEvents?: boolean;
  /** Journal entries between two snapshots when persisting. Default 1000. */
  snapshotEvery?: number;
  /**
   * Who may call: a path to an identities file or its content (`{"identities": [...]}`, see README). Without
   * it every access key is an account root, as before identities existed.
   */
  identities?: string | IdentitiesFile;
  /** Secret that seals import tokens; persistence derives it from the root key so tokens survive restarts. */
  importTokenKey?: Buffer;
}

export type ResolvedOptions = Required<Omit<KmsEmulatorOptions, 'dataDir' | 'identities'>> & {
  dataDir: string | undefined;
  identities: IdentitiesFile | undefined;
};

export function resolveOptions(options: KmsEmulatorOptions = {}): ResolvedOptions {
  return {
    account: options.account ?? '111122223333',
    creatingMs: options.creatingMs ?? 2000,
    updatingMs: options.updatingMs ?? 2000,
    timeScale: options.timeScale ?? 1,
    onDemandRotationLimit: options.onDemandRotationLimit ?? 10,
    defaultRegion: options.defaultRegion ?? 'us-east-1',
    dataDir: options.dataDir,
    quotas: options.quotas ?? false,
    quotaScale: options.quotaScale ?? 1,
    recordReadOnlyEvents: options.recordReadOnlyEvents ?? false,
    snapshotEvery: options.snapshotEvery ?? 1000,
    importTokenKey: options.importTokenKey ?? randomBytes(32),
    identities: options.identities === undefined ? undefined : loadIdentities(options.identities),
  };
}
