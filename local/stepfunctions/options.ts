// Service options: what the CLI flags and the local stack set, each with its default.
import type { TaskHandlers } from './task-invoker.js';

export interface StepFunctionsServiceOptions {
  /** In-process stand-ins for the Lambda functions Task states call, keyed by function name / logical id. */
  taskHandlers?: TaskHandlers;
  /** `${Name}` -> value, filled into every definition (like template.yaml's DefinitionSubstitutions). */
  substitutions?: Readonly<Record<string, string>>;
  /** Multiplies Wait durations and Retry pauses: 0 makes them instant, 0.01 shortens them. Default 1. */
  waitScale?: number;
  /** Persist state machines and executions here (atomically); undefined keeps them in memory. */
  dataDir?: string;
  /** The account in every ARN. Default 123456789012. */
  account?: string;
  /** Region used when a request carries no SigV4 credential scope. Default us-east-1. */
  defaultRegion?: string;
  /** Where operational messages go (skipped files, internal errors). Default console.error. */
  log?: (message: string) => void;
  /** Clock for timestamps and Wait `Timestamp` scaling (epoch ms). Default Date.now. */
  now?: () => number;
}

export interface ResolvedOptions {
  taskHandlers: TaskHandlers;
  substitutions: Readonly<Record<string, string>>;
  waitScale: number;
  dataDir: string | undefined;
  account: string;
  defaultRegion: string;
  log: (message: string) => void;
  now: () => number;
}

export function resolveOptions(options: StepFunctionsServiceOptions = {}): ResolvedOptions {
  const waitScale = options.waitScale ?? 1;
  if (!Number.isFinite(waitScale) || waitScale < 0) {
    throw new RangeError(`waitScale must be a finite number >= 0, got ${waitScale}`);
  }
  const account = options.account ?? '123456789012';
  if (!/^\d{12}$/.test(account)) throw new RangeError(`account must be 12 digits, got ${account}`);
  return {
    taskHandlers: options.taskHandlers ?? {},
    substitutions: options.substitutions ?? {},
    waitScale,
    dataDir: options.dataDir,
    account,
    defaultRegion: options.defaultRegion ?? 'us-east-1',
    log: options.log ?? ((message) => console.error(message)),
    now: options.now ?? Date.now,
  };
}
